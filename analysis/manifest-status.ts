/**
 * manifest-status: the run's `status`, `reason` and `stoppedAtMs` agree with how the manifest says each VM ended. A
 * launcher (and the sim) writes `ok` only when every VM reported its figures at the run's end, not stopped early, or
 * an injected kill of the config left it down; `failed` and `interrupted` always with a reason; `interrupted` after
 * the start with the signal's `stoppedAtMs`, unless a VM was killed, died or stopped on its own (a second signal, a
 * stop before the start, a launcher suspended). So a `failed` or `interrupted` run without `stoppedAtMs` has a VM that
 * failed: one not `done` (its exit says how it ended), one down from an injected kill whose restart was planned (the
 * restart may have failed), or one `done` and stopped early at an instant the launcher did not set (no
 * `stopElapsedMs`: on its own, or an older manifest). A VM `done` and stopped early at a recorded stop was told it by
 * the launcher, as a signal's stop or another VM's failure tells every VM: that alone fails nothing.
 * A folder of VMs run by hand records no status (by-hand-run.ts derives it), nor does a run whose launcher died
 * before its manifest (launcher-died-run.ts): not judged there.
 */
import { injectedKillExit } from '../run-folder/run-ending.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import { msText } from '../shared/microsecond-ms.js';
import type { Violation } from './violation.js';

/** How one VM ended, as far as the run's status goes. */
type VmEnding =
  /** done at the run's end (or at a stop not recorded, in an older manifest), not stopped early */
  | { kind: 'whole' }
  /** left down by an injected kill of the config; `restartPlanned`: a restart that never came back (or failed) */
  | { kind: 'killed-by-fault'; restartPlanned: boolean }
  /** done, stopped early at the stop the launcher told it (its stopElapsedMs) */
  | { kind: 'told-stop'; atMs: number }
  /** anything else: killed, dead, lost, stopped early on its own; `how` says which field shows it */
  | { kind: 'failed'; how: string };

/** A stop within a microsecond of the run's end is at it (the manifest writes stops to the microsecond). */
const atEndMs = 0.001;

function vmEnding(facts: RunFacts, vm: RunFacts['vms'][number]): VmEnding {
  const kills = facts.kills[vm.id];
  if (vm.exit === injectedKillExit) {
    if ((kills?.kills ?? 0) > 0) return { kind: 'killed-by-fault', restartPlanned: (kills?.restarts.length ?? 0) > 0 };
    return { kind: 'failed', how: `VM ${vm.id}'s exit is "${vm.exit}" and the config kills no VM ${vm.id}` };
  }
  if (vm.exit !== 'done') return { kind: 'failed', how: `VM ${vm.id}'s exit is "${vm.exit}"` };
  const stop = vm.stopElapsedMs;
  if (vm.stoppedEarly) {
    return stop === undefined
      ? { kind: 'failed', how: `VM ${vm.id} stopped early (stoppedEarly true)` }
      : { kind: 'told-stop', atMs: stop };
  }
  const endMs = (facts.durationSeconds * 1000) / facts.speed;
  if (stop !== undefined && stop < endMs - atEndMs) {
    const at = `stopElapsedMs ${msText(stop)}, before the run's end at ${msText(endMs)}`;
    return { kind: 'failed', how: `VM ${vm.id} stopped at ${at}` };
  }
  return { kind: 'whole' };
}

/** Whether a VM's ending shows a failure: something other than the launcher's own stop or a planned kill. */
function showsFailure(ending: VmEnding): boolean {
  return ending.kind === 'failed' || (ending.kind === 'killed-by-fault' && ending.restartPlanned);
}

/** What in a VM's entry an ok run's VM never shows, or null. */
function notOk(vm: number, ending: VmEnding): string | null {
  if (ending.kind === 'failed') return ending.how;
  return ending.kind === 'told-stop' ? `VM ${vm} stopped early (stoppedEarly true)` : null;
}

const none = 'no VM was killed, died or stopped on its own';
const planned = 'or down from an injected kill with no restart planned';

/** The run's manifest-status findings (at most two), each on the VM it names (VM 0 when it names none). */
export function manifestStatusFindings(facts: RunFacts): Violation[] {
  // VMs by hand and a run whose launcher died record no status: what the reader derived is not judged.
  if (facts.byHand !== undefined || facts.launcherDied !== undefined) return [];
  const endings = facts.vms.map((vm) => ({ vm: vm.id, ending: vmEnding(facts, vm) }));
  const finding = (vm: number, found: string, expected: string): Violation => ({
    ...{ rule: 'manifest-status', vm, tick: null, line: null },
    ...{ file: 'manifest.json', found, expected },
  });
  const reason = facts.reason === null || facts.reason.trim() === '' ? null : facts.reason.slice(0, 120);
  const status = facts.status;
  if (status === 'ok') {
    const findings: Violation[] = [];
    if (reason !== null) {
      const why = 'the launcher writes one only for a run that failed or was interrupted';
      findings.push(finding(0, `status ok with reason "${reason}"`, `no reason (${why})`));
    }
    // A VM that failed says more than one the launcher stopped as the run failed or a signal came: named first.
    const cut = endings
      .flatMap(({ vm, ending }) => {
        const how = notOk(vm, ending);
        return how === null ? [] : [{ vm, how, told: ending.kind === 'told-stop' }];
      })
      .sort((a, b) => Number(a.told) - Number(b.told) || a.vm - b.vm);
    const first = cut[0];
    if (first !== undefined) {
      const also =
        cut.length === 1 ? '' : ` (${counted(cut.length - 1, 'other VM')} did not end done at the run's end either)`;
      const rule = "an ok run's VMs each end done at its end, or down from an injected kill of the config";
      findings.push(finding(first.vm, `status ok, but ${first.how}${also}`, `failed or interrupted (${rule})`));
    }
    return findings;
  }
  const findings = reason === null ? [finding(0, `status ${status} and no reason`, 'a reason saying why')] : [];
  if (status === 'interrupted' && facts.stoppedAtMs !== undefined) return findings;
  if (endings.some(({ ending }) => showsFailure(ending))) return findings;
  const quoted = reason === null ? '' : ` (reason "${reason}")`;
  const told = endings.find(({ ending }) => ending.kind === 'told-stop');
  if (status === 'failed') {
    const how = `each ended done, at the run's end or at a stop the launcher set, ${planned}`;
    return [...findings, finding(0, `status failed${quoted}`, `ok or interrupted: ${none} (${how})`)];
  }
  const found = `status interrupted${quoted} and no stoppedAtMs`;
  if (told?.ending.kind === 'told-stop') {
    const at = `VM ${told.vm}'s stopElapsedMs ${msText(told.ending.atMs)}`;
    return [...findings, finding(told.vm, found, `the stoppedAtMs of the signal's stop (${at}): ${none}`)];
  }
  return [...findings, finding(0, found, `status ok: ${none} (each ended done at the run's end, ${planned})`)];
}
