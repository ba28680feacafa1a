/**
 * `node dist/scripts/fit-wake.js RUN_DIR...`: fits the sim engine's wake-up model (sim/wake-model.ts) to how late the
 * ticks of real runs' VMs ran after their deadlines (their rows' elapsed_ms), and prints the parameters with the
 * fitted against the measured quantiles, to paste into `fittedWake`. An experiment folder's trials are run folders.
 */
import { median, normalQuantile } from '../sim/fit-math.js';
import { logNormalQuantileUs } from '../sim/log-normal.js';
import { measuredWake } from '../sim/measured-wake.js';
import { fewestTicks, fitWake, type MeasuredWake } from '../sim/wake-fit.js';

async function main(dirs: readonly string[]): Promise<number> {
  const measured: MeasuredWake[] = [];
  for (const dir of dirs) {
    const read = await measuredWake(dir);
    if (!read.ok) {
      console.error(`fit-wake: ${read.file}: ${read.detail}`);
      return 2;
    }
    measured.push(...read.vms);
  }
  const fit = fitWake(measured);
  if (fit === undefined) {
    console.error('fit-wake: too few measured VMs (give real run folders whose VMs ran 100+ ticks)');
    return 2;
  }
  const { params } = fit;
  // The figures the fit read: the median over the VMs it used.
  const used = measured.filter((m) => m.ticks >= fewestTicks);
  const us = (x: number) => x.toFixed(0);
  console.log(`fitted to the median of ${fit.vms} VMs (4 quantiles), rms error ${fit.rmsLog.toFixed(3)} in ln(us)`);
  console.log(`{ shiftUs: 0, mu: ${params.mu.toFixed(3)}, sigma: ${params.sigma.toFixed(3)} }`);
  console.log(
    `model p10 ${us(logNormalQuantileUs(params, normalQuantile(0.1)))} us, p50 ${us(logNormalQuantileUs(params, 0))} us, ` +
      `p99 ${us(logNormalQuantileUs(params, normalQuantile(0.99)))} us; measured (median over VMs) p10 ` +
      `${us(median(used.map((m) => m.p10Us)))} us, p50 ${us(median(used.map((m) => m.p50Us)))} us, ` +
      `p99 ${us(median(used.map((m) => m.p99Us)))} us`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
