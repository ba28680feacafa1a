/**
 * A run that ended before any VM ticked (a port taken, a VM that died while getting ready, a Ctrl-C before the
 * start): nothing was logged, so it has no figures and nothing to check. `launcher run` says so in one line instead
 * of tables of zeros and a vacuous verdict; the manifest stays as the run's record. `logs/latest` is not moved to it:
 * it is the shortcut `analyze`, `check` and `report` are given, and each has nothing to say of such a run.
 */
import type { Manifest } from '../run-folder/manifest.js';
import { stoppedBeforeStartExit } from '../run-folder/run-ending.js';
import { printable } from '../shared/printable-text.js';

/** Not ok, and no VM has a tick to its name (its own figures, or the rows of its CSV). */
export function noVmTicked(manifest: Manifest): boolean {
  return manifest.status !== 'ok' && manifest.vms.every((vm) => vm.ticks === 0);
}

/**
 * `run failed before the start: VM 1 could not start (...); the launcher stopped every VM before it ticked: nothing
 * was logged; the manifest in DIR says how the run ended`. "Before the start" only when no start instant was told.
 * `latestLeft`: the `logs/latest` link the run would have pointed at DIR had it logged a row (no --out).
 */
export function untickedRunLine(manifest: Manifest, reason: string, dir: string, latestLeft?: string): string {
  const when = manifest.startEpochMs === undefined ? 'before the start' : 'before any VM ticked';
  const stopped = manifest.vms.filter((vm) => vm.exit === stoppedBeforeStartExit).map((vm) => vm.id);
  const who =
    stopped.length === 0
      ? 'no VM ticked'
      : `the launcher stopped ${stopped.length === manifest.vms.length ? 'every VM before it' : `${vmList(stopped)} before ${stopped.length === 1 ? 'it' : 'they'}`} ticked`;
  const latest = latestLeft === undefined ? '' : ` (${latestLeft} not moved to it)`;
  return `run ${manifest.status} ${when}: ${reason}; ${who}: nothing was logged; the manifest in ${printable(dir)} says how the run ended${latest}`;
}

/** `VM 2`, `VMs 0 and 2`, `VMs 0, 2 and 3`; a long list as a count. */
function vmList(ids: readonly number[]): string {
  if (ids.length === 1) return `VM ${ids[0]}`;
  if (ids.length > 8) return `${ids.length} VMs`;
  return `VMs ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
}
