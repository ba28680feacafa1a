/**
 * After a run: the line that says the machine did not keep up. A VM that falls behind catches up, so its tick count
 * and achieved rate look right; only the share of ticks that ran more than a period late (analysis, ticks.late)
 * shows that the timing figures were bent by the load.
 */
import type { VmAnalysis } from '../analysis/run-analysis.js';
import { percentCell } from '../analysis/text-table.js';

/** More than this share of a VM's ticks over one period late is worth a warning (the bench's 1000/s runs ~7%). */
export const lateShareToWarn = 0.01;

export type InjectedFaults = {
  /** VMs an injected pause stopped: late by design. */
  pausedVms: readonly number[];
  /** Whether any VM was killed (and maybe restarted): a restart costs CPU, and a VM's rows stop meanwhile. */
  kills: boolean;
};

/** One warning line naming the worst VM, or null when every VM ran at most 1% of its ticks that late. */
export function lateTicksWarning(vms: readonly VmAnalysis[], faults: InjectedFaults): string | null {
  const over = vms.filter((vm) => (vm.ticks.late.share ?? 0) > lateShareToWarn);
  if (over.length === 0) return null;
  const paused = new Set(faults.pausedVms);
  // A paused VM is late by design: name it only when no other VM is over the line.
  const unpaused = over.filter((vm) => !paused.has(vm.id));
  const worst = (unpaused.length > 0 ? unpaused : over).reduce((a, b) => (lateOrder(b, a) > 0 ? b : a));
  const { share, p99Ms, maxMs } = worst.ticks.late;
  const head =
    `warning: VM ${worst.id} ran ${percentCell(share) ?? '-'} of its ticks more than one period late ` +
    `(p99 ${ms(p99Ms)}, worst ${ms(maxMs)})`;
  if (paused.has(worst.id)) {
    // Every VM over the line was paused then: the others are named too, not said to be on time.
    const others = over
      .filter((vm) => vm.id !== worst.id)
      .map((vm) => `VM ${vm.id} ${percentCell(vm.ticks.late.share)}`);
    const rest =
      others.length === 0
        ? 'no other VM ran over 1% of its ticks that late'
        : `no VM that was not paused ran over 1% of its ticks that late (paused too: ${others.join(', ')})`;
    return `${head}: it was paused by an injected fault, so they ran late by design; ${rest}`;
  }
  const faulted =
    faults.pausedVms.length > 0 || faults.kills
      ? ' (the injected pauses and kills add to this: a paused VM runs late by design, a restart costs CPU)'
      : '';
  return (
    `${head}${alsoLate(unpaused, worst)}: this machine did not keep up, so timing figures (drift, jumps) are less ` +
    `faithful${faulted}; fewer VMs, lower clock rates or a lower --speed help`
  );
}

/** How many other VMs were over the line too, the worst few named: one VM named alone read as the only one late. */
function alsoLate(over: readonly VmAnalysis[], worst: VmAnalysis): string {
  const others = over.filter((vm) => vm.id !== worst.id).sort((a, b) => lateOrder(b, a));
  if (others.length === 0) return '';
  const named = others.slice(0, 3).map((vm) => `VM ${vm.id} ${percentCell(vm.ticks.late.share)}`);
  const more = others.length > named.length ? ', ...' : '';
  const vms = others.length === 1 ? '1 other VM' : `${others.length} other VMs`;
  return ` and ${vms} over 1% (${named.join(', ')}${more})`;
}

/** Positive when a is worse: a larger late share, then a larger p99. */
const lateOrder = (a: VmAnalysis, b: VmAnalysis): number =>
  (a.ticks.late.share ?? 0) - (b.ticks.late.share ?? 0) || (a.ticks.late.p99Ms ?? 0) - (b.ticks.late.p99Ms ?? 0);

/** Whole milliseconds from 10 ms up, one decimal below (a p99 of 1.4 ms is not 1). */
const ms = (value: number | null): string =>
  value === null ? '-' : `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ms`;
