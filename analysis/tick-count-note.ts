/**
 * The checker's verdict on a VM's tick count: within max(2, 2%) of the ticks due, a note when the manifest says why
 * it ran fewer (an injected kill: how many it lost to it; or it ended early, and why), else a tick-count violation.
 * The ticks lost to a kill are those `analyze` leaves out of the VM's due: after a kill it was not restarted from,
 * and while a restart's kill held it down (restart-downtime.ts); ticks due that never ran otherwise are said apart,
 * and so are those due after a failed run's last VM stopped (run-stop.ts): the failure's, not the kill's.
 */
import { hasRowsOnHost } from '../run-folder/rows-on-host.js';
import { injectedKillExit } from '../run-folder/run-ending.js';
import { type RunFacts, stoppedBeforeEnd } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import type { RestartsSeen } from './killed-lives.js';
import { type DownSeen, dueAfterRestarts } from './restart-downtime.js';
import { runEndedPhrase, runStop, ticksDueBeforeStop } from './run-stop.js';
import { expectedTicks, judgeTicks, ticksBefore, ticksDue, tickTolerance } from './tick-budget.js';
import type { CheckNote, ViolationLog } from './violation.js';

/**
 * What the rows showed of one VM: its last good row, its restarts, and whether an injected kill took it down
 * (killedByFault).
 */
export type TicksSeen = {
  last: { tick: number; line: number; elapsedMs: number } | undefined;
  downs: DownSeen[];
  killed: boolean;
};

export function checkTickCount(
  facts: RunFacts,
  vm: number,
  ticks: number,
  seen: TicksSeen,
  log: ViolationLog,
): CheckNote[] {
  const rate = facts.clockRates[vm] ?? 0;
  // No rate known: a VM run by hand that left no vm-K.json and drew its rate from its own seed (by-hand-run.ts).
  if (!(rate > 0)) return [];
  const expected = expectedTicks(rate, facts.durationSeconds, facts.speed);
  const verdict = judgeTicks(ticks, expected);
  const manifestVm = facts.vms[vm];
  if (verdict === 'ok') return [];
  if (verdict === 'short' && manifestVm !== undefined && stoppedBeforeEnd(facts, manifestVm)) {
    // A run stopped by a signal owed only the ticks due before its stop, and one that failed those before its last
    // VM stopped (as `analyze` counts them, due-lines.ts): the kill cost what is missing of those.
    const runEnd = runStop(facts, facts.vms.map(stopMsOf(facts)));
    const killDue = ticksDueBeforeStop(rate, facts, runEnd);
    if (seen.killed && ticks < killDue) {
      const { lost, neverRan } = lostToKills(facts, vm, ticks, seen, killDue);
      const stop = runEnd.lastVmStop
        ? `; ${runEndedPhrase(facts.status)}, its last VM stopping at ${msSeconds(runEnd.atMs, facts)}`
        : facts.stoppedAtMs === undefined
          ? ''
          : `; the run was stopped by a signal at ${stopSeconds(facts)}`;
      // Rows of it that stay on its host ran, but are not here: only the rows here are counted.
      const elsewhere = hasRowsOnHost(manifestVm);
      const also = neverRan > 0 ? `; ${neverRan} more due ${elsewhere ? 'not in it' : 'never ran'}` : '';
      const ran = elsewhere ? `${ticks} in its CSV here` : `ran ${ticks}`;
      const of = `${counted(killDue, 'tick')}${runEnd.lastVmStop ? " due before the run's stop" : ''}`;
      const text = `VM ${vm} lost ${lost} of its ${of} to an injected kill (${ran}${also})${stop}`;
      return [{ vm, text }];
    }
    const due = ticksDue(rate, facts);
    const why = `exit: ${manifestVm.exit}${manifestVm.stoppedEarly ? ', stopped early' : ''}, run ${facts.status}`;
    const dueBeforeStop =
      facts.stoppedAtMs === undefined ? '' : `, ${due} due before the stop at ${stopSeconds(facts)}`;
    const text = `VM ${vm} ended early: ${counted(ticks, 'tick')} of ${expected} expected${dueBeforeStop} (${why})`;
    const atStop = seen.killed ? null : stopItRanTo(facts, manifestVm, ticks);
    return [atStop === null ? { vm, text } : { vm, text, endedAtStop: atStop }];
  }
  log.add({
    rule: 'tick-count',
    vm,
    tick: seen.last?.tick ?? null,
    line: seen.last?.line ?? null,
    found: counted(ticks, 'tick'),
    expected: `${expected} +- ${tickTolerance(expected)} (clockRate ${facts.clockRates[vm]} x ${facts.durationSeconds} s)`,
  });
  return [];
}

/**
 * Of the ticks due that a killed VM never ran, those lost with its kills, as `analyze` counts them, and those it
 * never ran otherwise (due over a period before a kill: it had stalled). A manifest that records neither the VM's
 * stop nor its restarts (an older launcher's) tells them not apart: every tick missing is lost to the kill.
 */
function lostToKills(
  facts: RunFacts,
  vm: number,
  ticks: number,
  seen: TicksSeen,
  due: number,
): { lost: number; neverRan: number } {
  const rate = facts.clockRates[vm] ?? 0;
  const missing = due - ticks;
  const entry = facts.vms[vm];
  if (entry?.stopElapsedMs === undefined && entry?.restarts === undefined) return { lost: missing, neverRan: 0 };
  const stopMs = entry.stopElapsedMs === undefined ? null : entry.stopElapsedMs * facts.speed;
  const lastElapsedMs = seen.last === undefined ? null : seen.last.elapsedMs * facts.speed;
  const stop = { stopMs, ranToStop: entry.exit === 'done', lastElapsedMs };
  const neverRan = Math.max(0, dueAfterRestarts(rate, facts, stop, seen.downs).due - ticks);
  return { lost: missing - neverRan, neverRan };
}

/**
 * Whether an injected kill took this VM down, as the run's record says, not as its config planned (a run that failed
 * or was stopped before the kill's time never killed it): the manifest says a kill left it down, or it ran to the
 * end (`done`) and the manifest records its restarts, or its rows show it restarted after one. A VM that ended
 * otherwise is said by its exit.
 */
export function killedByFault(facts: RunFacts, vm: number, seen: RestartsSeen | undefined): boolean {
  const entry = facts.vms[vm];
  if (entry?.exit === injectedKillExit) return true;
  if (entry?.exit !== 'done') return false;
  if ((entry.restarts?.length ?? 0) > 0) return true;
  const planned = facts.kills[vm]?.restarts.length ?? 0;
  return seen !== undefined && seen.restartsLeft < planned;
}

/**
 * The stop a VM ran every tick due before, told to stop early by a signal or by the launcher when another VM failed
 * the run (`the stop a signal set (2.646 s of 10 s)`), or its launcher's death (`the death of launcher pid 5008`):
 * it lost nothing, the run was cut. Null for any other VM.
 */
function stopItRanTo(facts: RunFacts, entry: RunFacts['vms'][number], ticks: number): string | null {
  const rate = facts.clockRates[entry.id] ?? 0;
  // No stop recorded: each VM stopped as its launcher's channel closed, and its ticks due count to its last row.
  const died = facts.launcherDied;
  // A VM an injected kill took down before that death stopped at its kill, said as such.
  if (died !== undefined && entry.exit !== injectedKillExit) {
    return `the ${died.how === 'died' ? 'death' : 'end'} of launcher pid ${died.pid}`;
  }
  if (entry.exit !== 'done') return null;
  if (facts.stoppedAtMs !== undefined) {
    return ticks >= ticksDue(rate, facts) ? `the stop a signal set (${stopSeconds(facts)})` : null;
  }
  if (facts.status !== 'failed' || entry.stopElapsedMs === undefined) return null;
  const stopMs = entry.stopElapsedMs * facts.speed;
  return ticks >= ticksBefore(rate, stopMs)
    ? `the launcher's stop as the run failed (${msSeconds(stopMs, facts)})`
    : null;
}

/** `2.646 s of 10 s`: where a signal stopped the run. */
function stopSeconds(facts: RunFacts): string {
  return msSeconds(facts.stoppedAtMs ?? 0, facts);
}

function msSeconds(ms: number, facts: RunFacts): string {
  return `${(ms / 1000).toFixed(3)} s of ${facts.durationSeconds} s`;
}

/** A VM's recorded stop in experiment ms, or null. */
const stopMsOf =
  (facts: RunFacts) =>
  (entry: RunFacts['vms'][number]): number | null =>
    entry.stopElapsedMs === undefined ? null : entry.stopElapsedMs * facts.speed;
