/**
 * Fits the sim's wake-up model (wake-model.ts) to how late real VMs' ticks ran: per VM four quantiles of its ticks'
 * lateness (p10, p50, p90, p99), the median over VMs of each, then ln(q) = mu + sigma z by least squares with no shift
 * (a wake-up can come at once; a shift fitted to three upper quantiles lay above the real p10).
 */
import { leastSquares, median, normalQuantile } from './fit-math.js';
import type { LogNormalFit } from './log-normal.js';

/** One VM's ticks' lateness after their deadlines, in microseconds. */
export type MeasuredWake = { ticks: number; p10Us: number; p50Us: number; p90Us: number; p99Us: number };

/** A VM with fewer ticks says too little about the p99. */
export const fewestTicks = 100;
/** ln(0) is not a point: a quantile under a microsecond is read as one. */
const floorUs = 1;

export function fitWake(measured: readonly MeasuredWake[]): LogNormalFit | undefined {
  const used = measured.filter((m) => m.ticks >= fewestTicks);
  if (used.length === 0) return undefined;
  const at = (p: number, key: 'p10Us' | 'p50Us' | 'p90Us' | 'p99Us') => ({
    z: normalQuantile(p),
    us: Math.max(floorUs, median(used.map((m) => m[key]))),
  });
  const points = [at(0.1, 'p10Us'), at(0.5, 'p50Us'), at(0.9, 'p90Us'), at(0.99, 'p99Us')];
  const xs = points.map((p) => p.z);
  const ys = points.map((p) => Math.log(p.us));
  const line = leastSquares(xs, ys);
  const sse = xs.reduce((sum, x, i) => sum + ((ys[i] ?? 0) - line.intercept - line.slope * x) ** 2, 0);
  return {
    params: { shiftUs: 0, mu: line.intercept, sigma: Math.max(0, line.slope) },
    vms: used.length,
    points: points.length,
    rmsLog: Math.sqrt(sse / points.length),
  };
}

/** The nearest-rank quantiles of one VM's lateness values (microseconds, any order). */
export function wakeQuantiles(lateUs: number[]): MeasuredWake {
  const sorted = lateUs.sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { ticks: sorted.length, p10Us: rank(0.1), p50Us: rank(0.5), p90Us: rank(0.9), p99Us: rank(0.99) };
}
