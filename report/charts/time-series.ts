/**
 * The time charts' data: per VM, logical clock, queue length and drift against real elapsed ms, each downsampled to
 * at most `maxPoints` points (downsample.ts keeps every extreme).
 *
 * Drift is measured as the analysis defines it (clock minus the highest clock of any VM still logging), but at every
 * row of every VM rather than on a grid, so that the chart shows each fall behind where it happened.
 */
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { type RunEvents, realRate } from '../run-events.js';
import type { VmEvents } from '../vm-events.js';
import { MinMaxSampler, type Series } from './downsample.js';

export type VmSeries = { vm: number; clock: Series; queue: Series; drift: Series };

export function timeSeries(run: RunEvents, heldToEnd: readonly boolean[], maxPoints = 2000): VmSeries[] {
  const drift = driftSeries(run.vms, heldToEnd, run.endMs, maxPoints);
  return run.vms.map((vm, id) => {
    const clock = new MinMaxSampler(0, run.endMs, maxPoints);
    const queue = new MinMaxSampler(0, run.endMs, maxPoints);
    for (let row = 0; row < vm.rows; row++) {
      const t = vm.elapsedMs[row] as number;
      clock.push(t, vm.clock[row] as number);
      queue.push(t, vm.queue[row] as number);
    }
    const empty = new MinMaxSampler(0, run.endMs, maxPoints).series();
    return { vm: vm.vm, clock: clock.series(), queue: queue.series(), drift: drift[id] ?? empty };
  });
}

/**
 * Which VMs count as logging up to the end of the run: the analysis's verdict when there is one (not ended early),
 * otherwise the same rule by hand: the last row is within max(2 ticks, 2% of the run) of the end.
 */
export function heldToEnd(run: RunEvents, analysis: RunAnalysis | null): boolean[] {
  const durationMs = (run.facts.durationSeconds * 1000) / run.facts.speed;
  return run.vms.map((vm) => {
    const verdict = analysis?.vms[vm.vm]?.ticks.endedEarly;
    if (verdict !== undefined) return !verdict;
    const slackMs = Math.max(2000 / Math.max(realRate(run.facts, vm.vm), 1e-9), durationMs * 0.02);
    return (vm.elapsedMs[vm.rows - 1] ?? Number.NEGATIVE_INFINITY) >= durationMs - slackMs;
  });
}

/** Merges every VM's rows in time order, sampling each present VM's drift at each row of any VM. */
export function driftSeries(
  vms: readonly VmEvents[],
  held: readonly boolean[],
  endMs: number,
  maxPoints: number,
): Series[] {
  const n = vms.length;
  const next = new Int32Array(n);
  const current = new Float64Array(n);
  const lastMs = vms.map((vm) => vm.elapsedMs[vm.rows - 1] ?? Number.NEGATIVE_INFINITY);
  const samplers = vms.map(() => new MinMaxSampler(0, endMs, maxPoints));
  const present = (i: number, t: number) => (vms[i]?.rows ?? 0) > 0 && (held[i] === true || t <= (lastMs[i] ?? 0));
  for (;;) {
    let pick = -1;
    let t = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const vm = vms[i] as VmEvents;
      const at = next[i] as number;
      if (at < vm.rows && (vm.elapsedMs[at] as number) < t) [pick, t] = [i, vm.elapsedMs[at] as number];
    }
    if (pick < 0) break;
    const row = next[pick] as number;
    current[pick] = (vms[pick] as VmEvents).clock[row] as number;
    next[pick] = row + 1;
    let leader = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) if (present(i, t)) leader = Math.max(leader, current[i] as number);
    for (let i = 0; i < n; i++) if (present(i, t)) samplers[i]?.push(t, (current[i] as number) - leader);
  }
  return samplers.map((s) => s.series());
}
