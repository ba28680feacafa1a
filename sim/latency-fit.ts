/**
 * Fits the shifted log-normal latency model to what real VMs measured: each VM's manifest `latency` gives three
 * quantiles of its one-way latency (p50, p99, and its maximum, read as the 1 - 1/(n+1) quantile of its n messages).
 * The median over VMs of each is taken; for each shift on a grid below the smallest, ln(q - shift) = mu + sigma z is
 * fitted by least squares; the shift with the smallest squared error wins.
 */
import { leastSquares, median, normalQuantile } from './fit-math.js';
import type { LogNormalFit } from './log-normal.js';

/** One VM's figures, as the manifest has them (microseconds). */
export type MeasuredLatency = { count: number; p50Us: number; p99Us: number; maxUs: number };

/** Past this the VM's histogram has one overflow bucket, so its percentiles are no longer exact (latency-histogram.ts). */
const histogramTopUs = 100_000;
/** VMs that received fewer messages than this say too little about the tail. */
const fewestMessages = 20;

export function fitShiftedLogNormal(measured: readonly MeasuredLatency[]): LogNormalFit | undefined {
  const used = measured.filter((m) => m.count >= fewestMessages);
  if (used.length === 0) return undefined;
  // The median VM: a VM on a machine that was busy at the time measures latencies 100 times longer, and one
  // log-normal cannot fit both; the median over VMs of each quantile describes the typical VM.
  const count = median(used.map((m) => m.count));
  const points = [
    { z: 0, us: median(used.map((m) => m.p50Us)) },
    { z: normalQuantile(0.99), us: median(used.map((m) => m.p99Us)) },
    { z: normalQuantile(1 - 1 / (count + 1)), us: median(used.map((m) => m.maxUs)) },
  ].filter((p) => p.us > 0 && p.us < histogramTopUs);
  // Two points fix a log-normal exactly (any shift fits them; the grid keeps shift 0).
  if (points.length < 2) return undefined;
  const lowest = Math.min(...points.map((p) => p.us));
  let best: LogNormalFit | undefined;
  for (let step = 0; step < 200; step++) {
    const shiftUs = (lowest * step) / 200;
    const xs = points.map((p) => p.z);
    const ys = points.map((p) => Math.log(p.us - shiftUs));
    const line = leastSquares(xs, ys);
    const sse = xs.reduce((sum, x, i) => sum + ((ys[i] ?? 0) - line.intercept - line.slope * x) ** 2, 0);
    const rmsLog = Math.sqrt(sse / points.length);
    if (best === undefined || rmsLog < best.rmsLog) {
      best = {
        params: { shiftUs, mu: line.intercept, sigma: Math.max(0, line.slope) },
        vms: used.length,
        points: points.length,
        rmsLog,
      };
    }
  }
  return best;
}
