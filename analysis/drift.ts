/**
 * Drift: how far each VM's logical clock lags the furthest-ahead VM. At each grid point t (see time-grid.ts),
 * drift_i(t) = clock_i(t) - max_j clock_j(t) over the VMs still logging at t, so it is 0 for the leader and
 * negative for the others. A VM that ended early drops out of the grid after its last row.
 */
import { LeastSquares } from './least-squares.js';

export type DriftStats = {
  /** Grid points this VM was measured at. */
  gridPoints: number;
  /** Mean of drift over those points (<= 0); null with no points. */
  mean: number | null;
  /** The lowest drift seen: the largest lag behind the leader (<= 0). */
  worst: number | null;
  /** Drift at this VM's last grid point: the end of the run, or its last row if it ended early. */
  end: number | null;
  /** Least-squares slope of drift against t in seconds: negative means it falls further behind. */
  slopePerSecond: number | null;
};

/** `samplesByVm[v][i]` is VM v's clock at t = (i + 1) x stepMs; a shorter array means the VM stopped logging. */
export function computeDrift(samplesByVm: readonly (readonly number[])[], stepMs: number): DriftStats[] {
  const points = Math.max(0, ...samplesByVm.map((samples) => samples.length));
  const fits = samplesByVm.map(() => new LeastSquares());
  const worst = samplesByVm.map(() => Number.POSITIVE_INFINITY);
  const last = samplesByVm.map((): number | null => null);
  for (let i = 0; i < points; i++) {
    let top = Number.NEGATIVE_INFINITY;
    for (const samples of samplesByVm) top = Math.max(top, samples[i] ?? Number.NEGATIVE_INFINITY);
    const seconds = ((i + 1) * stepMs) / 1000;
    samplesByVm.forEach((samples, v) => {
      const clock = samples[i];
      if (clock === undefined) return;
      const drift = clock - top;
      fits[v]?.add(seconds, drift);
      if (drift < (worst[v] ?? 0)) worst[v] = drift;
      last[v] = drift;
    });
  }
  return fits.map((fit, v) => ({
    gridPoints: fit.count,
    mean: fit.meanY,
    worst: fit.count === 0 ? null : (worst[v] ?? null),
    end: last[v] ?? null,
    slopePerSecond: fit.slope(),
  }));
}
