/**
 * `node dist/scripts/fit-latency.js RUN_DIR...`: fits the sim engine's latency model (sim/latency-model.ts) to the
 * one-way latencies the VMs of real runs measured (manifest `vms[].latency`), and prints the parameters with the
 * fitted against the measured quantiles, to paste into `fittedLoopback`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalQuantile } from '../sim/fit-math.js';
import { fitShiftedLogNormal, type MeasuredLatency } from '../sim/latency-fit.js';
import { logNormalQuantileUs } from '../sim/log-normal.js';

async function main(dirs: readonly string[]): Promise<number> {
  const measured: MeasuredLatency[] = [];
  for (const dir of dirs) {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      engine?: string;
      vms: { latency?: MeasuredLatency }[];
    };
    if (manifest.engine === 'sim') continue;
    for (const vm of manifest.vms) if (vm.latency !== undefined) measured.push(vm.latency);
  }
  const fit = fitShiftedLogNormal(measured);
  if (fit === undefined) {
    console.error('fit-latency: too few measured VMs (give real run folders whose VMs received 20+ messages)');
    return 2;
  }
  const { params } = fit;
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  console.log(
    `fitted to the median of ${fit.vms} VMs (${fit.points} quantiles), rms error ${fit.rmsLog.toFixed(3)} in ln(us)`,
  );
  console.log(
    `{ shiftUs: ${params.shiftUs.toFixed(1)}, mu: ${params.mu.toFixed(4)}, sigma: ${params.sigma.toFixed(4)} }`,
  );
  console.log(
    `model p50 ${logNormalQuantileUs(params, 0).toFixed(0)} us, p99 ${logNormalQuantileUs(params, normalQuantile(0.99)).toFixed(0)} us; ` +
      `measured (median over VMs) p50 ${median(measured.map((m) => m.p50Us))} us, p99 ${median(measured.map((m) => m.p99Us))} us`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
