/** Every VM of a trial as a point: its configured rate beside its own figures, for the charts and the per-rate table. */
import type { RunAnalysis } from '../analysis/run-analysis.js';
import { ratio } from './figure-reductions.js';

/** One VM of one trial, for the charts and the per-rate table: the notebook's findings are by clock rate. */
export type VmPoint = {
  variant: string;
  trial: number;
  vm: number;
  configuredRate: number;
  achievedRate: number;
  jumpMean: number | null;
  jumpMax: number | null;
  driftMean: number | null;
  queueMean: number | null;
  gapCount: number;
  /** Receive events as a share of all the VM's events. */
  receiveShare: number | null;
};

export function vmPoints(variant: string, trial: number, analysis: RunAnalysis): VmPoint[] {
  return analysis.vms.map((vm) => ({
    variant,
    trial,
    vm: vm.id,
    configuredRate: vm.ticks.configuredRate,
    achievedRate: vm.ticks.achievedRate,
    jumpMean: vm.clock.jumps.mean,
    jumpMax: vm.clock.jumps.max,
    driftMean: vm.drift.mean,
    queueMean: vm.queue.mean,
    gapCount: vm.clock.gaps.count,
    receiveShare: ratio(vm.events.receive, vm.events.receive + vm.events.send + vm.events.internal),
  }));
}
