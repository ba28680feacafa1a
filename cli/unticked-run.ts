/**
 * A run that ended before any VM ticked (a port taken, a VM that died while getting ready, a Ctrl-C before the
 * start): nothing was logged, so it has no figures and nothing to check. `launcher run` says so in one line instead
 * of tables of zeros and a vacuous verdict; the manifest stays as the run's record. `logs/latest` is not moved to it:
 * it is the shortcut `analyze`, `check` and `report` are given, and each has nothing to say of such a run.
 */
import type { Manifest } from '../run-folder/manifest.js';
import type { ManifestVm } from '../run-folder/manifest-vm.js';
import { stoppedBeforeStartExit } from '../run-folder/run-ending.js';
import { printable } from '../shared/printable-text.js';
import { vmList } from '../shared/vm-list.js';

/** Not ok, and no VM has a tick to its name (its own figures, or the rows of its CSV). */
export function noVmTicked(manifest: Manifest): boolean {
  return manifest.status !== 'ok' && manifest.vms.every((vm) => vm.ticks === 0);
}

/**
 * `run failed before the start: VM 1 could not start (...); the launcher stopped VMs 0 and 2 before they ticked, VM
 * 1 ended (exit code 1): nothing was logged; the manifest in DIR says how the run ended`. Every VM is named once,
 * with what happened to it (vmFates). "Before the start" only when no start instant was told. `latestLeft`: the
 * `logs/latest` link the run would have pointed at DIR had it logged a row (no --out).
 */
export function untickedRunLine(manifest: Manifest, reason: string, dir: string, latestLeft?: string): string {
  const when = manifest.startEpochMs === undefined ? 'before the start' : 'before any VM ticked';
  const latest = latestLeft === undefined ? '' : ` (${latestLeft} not moved to it)`;
  return `run ${manifest.status} ${when}: ${reason}; ${vmFates(manifest.vms)}: nothing was logged; the manifest in ${printable(dir)} says how the run ended${latest}`;
}

/**
 * Each VM once, grouped by its manifest exit, in the order of the group's first VM: `the launcher stopped VMs 0, 2
 * and 3 before they ticked, VM 1 ended (exit code 1)`; a group of every VM as `every VM`.
 */
export function vmFates(vms: readonly Pick<ManifestVm, 'id' | 'exit'>[]): string {
  const groups = new Map<string, number[]>();
  for (const vm of vms) groups.set(vm.exit, [...(groups.get(vm.exit) ?? []), vm.id]);
  return [...groups].map(([exit, ids]) => fateOf(exit, ids, ids.length === vms.length)).join(', ');
}

function fateOf(exit: string, ids: readonly number[], every: boolean): string {
  const one = ids.length === 1;
  switch (exit) {
    case stoppedBeforeStartExit:
      return `the launcher stopped ${every ? 'every VM before it' : `${vmList(ids)} before ${one ? 'it' : 'they'}`} ticked`;
    case 'done':
      // Told the start and then a stop that came first: each stopped in order, with no row.
      return every
        ? 'every VM stopped in order before its first tick'
        : `${vmList(ids)} stopped in order before ${one ? 'its' : 'their'} first tick`;
    default:
      return `${every ? 'every VM' : vmList(ids)} ended (${printable(exit, 200)})`;
  }
}
