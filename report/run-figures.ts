/**
 * The key figures of one run for `launcher compare`, pooled over its VMs from analyzeRun's per-VM figures:
 * jumps weighted by events, drift by grid points, rates summed, so a run with more VMs is not over-counted.
 */
import type { RunAnalysis } from '../analysis/run-analysis.js';
import { counted } from '../shared/counted.js';

export type RunFigures = {
  machines: number;
  /** Configured rates, ticks per experiment second, in VM order. */
  rates: number[];
  speed: number;
  durationSeconds: number;
  /** A run a signal stopped early: when every VM stopped, experiment s; its ticks are due only up to then. */
  stoppedAtSeconds: number | null;
  status: RunAnalysis['status'];
  jumpMean: number | null;
  jumpMax: number | null;
  driftMean: number | null;
  driftWorst: number | null;
  queueMax: number | null;
  /** Events whose jump is above 1, and their share of all events. */
  gaps: number;
  gapShare: number | null;
  /**
   * Ticks logged over ticks due (configured, up to the stop of a run a signal stopped, up to each VM's own stop in a
   * run with none), all VMs together.
   */
  achievedOverConfigured: number | null;
  /** Ticks more than one period late over the well-formed ticks, all VMs together; the worst VM's p99 lateness. */
  lateShare: number | null;
  lateP99WorstMs: number | null;
};

export function runFigures(a: RunAnalysis): RunFigures {
  const vms = a.vms;
  const jumps = vms.reduce((sum, vm) => sum + vm.clock.jumps.count, 0);
  const weighted = (
    value: (vm: RunAnalysis['vms'][number]) => number | null,
    weight: (vm: RunAnalysis['vms'][number]) => number,
  ) => {
    let total = 0;
    let weights = 0;
    for (const vm of vms) {
      const v = value(vm);
      if (v === null) continue;
      total += v * weight(vm);
      weights += weight(vm);
    }
    return weights > 0 ? total / weights : null;
  };
  const extreme = (values: (number | null)[], pick: (...n: number[]) => number) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length > 0 ? pick(...present) : null;
  };
  const gaps = vms.reduce((sum, vm) => sum + vm.clock.gaps.count, 0);
  const configured = vms.reduce((sum, vm) => sum + vm.ticks.configuredRate, 0);
  const achieved = vms.reduce((sum, vm) => sum + vm.ticks.achievedRate, 0);
  const lateTicks = vms.reduce((sum, vm) => sum + vm.ticks.late.ticks, 0);
  const measured = vms.reduce((sum, vm) => sum + vm.ticks.logged - vm.csv.badRows, 0);
  return {
    machines: a.machines,
    rates: vms.map((vm) => vm.ticks.configuredRate),
    speed: a.speed,
    durationSeconds: a.durationSeconds,
    stoppedAtSeconds: a.stoppedAtMs === null ? null : a.stoppedAtMs / 1000,
    status: a.status,
    jumpMean: weighted(
      (vm) => vm.clock.jumps.mean,
      (vm) => vm.clock.jumps.count,
    ),
    jumpMax: extreme(
      vms.map((vm) => vm.clock.jumps.max),
      Math.max,
    ),
    driftMean: weighted(
      (vm) => vm.drift.mean,
      (vm) => vm.drift.gridPoints,
    ),
    driftWorst: extreme(
      vms.map((vm) => vm.drift.worst),
      Math.min,
    ),
    queueMax: extreme(
      vms.map((vm) => vm.queue.max),
      Math.max,
    ),
    gaps,
    gapShare: jumps > 0 ? gaps / jumps : null,
    achievedOverConfigured: configured > 0 ? achieved / configured : null,
    lateShare: measured > 0 ? lateTicks / measured : null,
    lateP99WorstMs: extreme(
      vms.map((vm) => vm.ticks.late.p99Ms),
      Math.max,
    ),
  };
}

/**
 * A row of the side-by-side table: a label, how to print each run's figure, and for a figure that can grow past a
 * terminal's column (one rate per VM), a short form the terminal table takes rather than leave a whole run out.
 */
export type FigureRow = [
  string,
  (f: RunFigures) => string | number | null,
  ((f: RunFigures) => string | number | null)?,
];

/** `100-999 (40 VMs)`, `5 (3 VMs)`: the span of a run's rates, for a terminal column too narrow for the list. */
export function rateSpan(rates: readonly number[]): string {
  if (rates.length === 0) return '-';
  const min = Math.min(...rates);
  const max = Math.max(...rates);
  return `${min === max ? min : `${min}-${max}`} (${counted(rates.length, 'VM')})`;
}

export const figureRows: FigureRow[] = [
  ['status', (f) => f.status],
  ['machines', (f) => f.machines],
  ['clock rates (ticks/s)', (f) => f.rates.join(', '), (f) => rateSpan(f.rates)],
  ['duration (experiment s)', (f) => f.durationSeconds],
  ['stopped by a signal at (experiment s)', (f) => f.stoppedAtSeconds],
  ['speed', (f) => f.speed],
  ['jump mean', (f) => f.jumpMean],
  ['jump max', (f) => f.jumpMax],
  ['drift mean', (f) => f.driftMean],
  ['drift worst', (f) => f.driftWorst],
  ['queue max', (f) => f.queueMax],
  ['gaps (events with jump > 1)', (f) => f.gaps],
  ['gap share', (f) => f.gapShare],
  ['achieved / configured', (f) => f.achievedOverConfigured],
  ['late share (ticks > 1 period late)', (f) => f.lateShare],
  ['late p99, worst VM (ms)', (f) => f.lateP99WorstMs],
];
