import type { RunStatus } from '../run-folder/manifest.js';
import { stopToleranceMs } from '../shared/stop-tolerance.js';

/**
 * How many ticks a VM should log: one per deadline k / clockRate before the end (k = 0, 1, ...), so clockRate x
 * durationSeconds rounded up when that is not whole (3/s for 2.5 s runs ticks 0..7: 8 ticks), give or take
 * max(2, 2%). The slack covers a loaded box running a little behind; more than that is a VM that stopped early (or,
 * above, a tick loop that ran too fast).
 */
export function expectedTicks(clockRate: number, durationSeconds: number, speed = 1): number {
  // A deadline within a microsecond of the end does not run (vm/tick-scheduler.ts, sim/simulate.ts), which also
  // keeps float products such as 30 x 0.1 = 3.0000000000000004 from counting a tick that never runs. It is a
  // microsecond of real time, so `speed` of them in experiment time (at 1000, 101/s for 1.1 s runs 111 ticks, not 112).
  return Math.max(0, Math.ceil(((durationSeconds * 1000 - stopToleranceMs * speed) * clockRate) / 1000));
}

/**
 * Where a run's ticks stop being due: its configured end, or the instant every VM stopped at when a signal stopped
 * the run early (the manifest's stoppedAtMs, experiment ms after the start), whichever comes first.
 */
export type DueSpan = { durationSeconds: number; stoppedAtMs?: number | undefined; speed?: number };

/** The end of the ticks due, in experiment ms after the start. */
export function dueEndMs({ durationSeconds, stoppedAtMs }: DueSpan): number {
  return Math.min(durationSeconds * 1000, stoppedAtMs ?? Number.POSITIVE_INFINITY);
}

/** The ticks due in `span`: one per deadline k / clockRate before its end. */
export function ticksDue(clockRate: number, span: DueSpan): number {
  const { durationSeconds, stoppedAtMs } = span;
  if (stoppedAtMs === undefined || stoppedAtMs >= durationSeconds * 1000) {
    return expectedTicks(clockRate, durationSeconds, span.speed);
  }
  return ticksBefore(clockRate, stoppedAtMs);
}

/**
 * Whether the run's ticks stop being due at one instant for every VM: its configured end (it ended ok) or the stop a
 * signal told them all (stoppedAtMs). A failed run has none, nor one interrupted without a stop instant that reached
 * every VM (a second signal killed them first; remote VMs each stopped on its own, unheard by a suspended launcher;
 * an older manifest): each VM stopped at its own instant.
 */
export function hasCommonStop(run: { status: RunStatus; stoppedAtMs?: number | undefined }): boolean {
  return run.status === 'ok' || run.stoppedAtMs !== undefined;
}

/**
 * The CSV's elapsed_ms has three decimals, rounded to the nearest: a tick run within half a microsecond (of real
 * time) after its deadline may be stamped before it.
 */
const stampRoundingMs = 0.0005;

/**
 * A VM's ticks due by its last row: the deadlines at or before its time (a tick due after it was never due before
 * the VM stopped, so it is not late), taking its stamp's rounding into account, never more than the run's; none
 * without a row. A VM stopped while behind had ticks due between its last row and its stop that never ran: this
 * does not count them (vmTicksDue does, where the manifest records the VM's stop).
 */
export function ticksDueByOwnStop(clockRate: number, span: DueSpan, lastElapsedMs: number | null): number {
  if (lastElapsedMs === null) return 0;
  const stamp = lastElapsedMs + stampRoundingMs * (span.speed ?? 1);
  return Math.min(ticksDue(clockRate, span), ticksBefore(clockRate, stamp, true));
}

/**
 * A VM's own stop, as the manifest records it (experiment ms: its stopElapsedMs x speed), or null when it records
 * none; whether it ran to that stop (it reported its figures: exit `done`) or was killed or died there; and its last
 * row's time. `stopIsLatest`: it died without the launcher's kill (the manifest's exitSeenElapsedMs), so its stop is
 * only the latest it can have stopped at: its death lies after its last row, when exactly is not known.
 */
export type VmStop = {
  stopMs: number | null;
  ranToStop: boolean;
  lastElapsedMs: number | null;
  stopIsLatest?: boolean;
};

/**
 * Whether a VM stopped before the end of the run's ticks due: a stop within the stop tolerance of that end is the
 * run's own (the planned stop, or the one every VM was told, as two epoch instants' difference).
 */
export function stoppedBeforeDueEnd(span: DueSpan, stopMs: number | null): stopMs is number {
  return stopMs !== null && stopMs < dueEndMs(span) - stopToleranceMs * (span.speed ?? 1);
}

/**
 * One VM's ticks due. With its stop recorded: the run's, or fewer when its own stop came first. A VM that ran to its
 * stop (told one earlier than the run's) ran every tick due before it, late or not. A VM killed or dead there
 * ran none after it: a tick whose deadline lies over a period before it, never run, is late (a VM that stalled, then
 * died); one due within the period before it could still have run on time, and one due after it was never due:
 * those were lost with the VM, not late (an injected kill in a run that ended ok). Never fewer than the ticks due by
 * its last row: a tick that ran was due. Without a stop (an older manifest, a remote VM that ended on its own): the
 * run's in a run with a common stop, else those due by its last row. A VM that died unkilled by the launcher
 * (stopIsLatest) died somewhere between its last row and its stop: a tick due in between may have been lost with it
 * or late, which no one can tell, so only those due by its last row are due (unseen-death.ts counts the others).
 */
export function vmTicksDue(clockRate: number, run: DueSpan & { status: RunStatus }, vm: VmStop): number {
  const byLastRow = ticksDueByOwnStop(clockRate, run, vm.lastElapsedMs);
  if (vm.stopMs === null) return hasCommonStop(run) ? ticksDue(clockRate, run) : byLastRow;
  if (vm.stopIsLatest === true && !vm.ranToStop) return byLastRow;
  const dueBy = vm.ranToStop ? vm.stopMs : vm.stopMs - 1000 / clockRate;
  if (!stoppedBeforeDueEnd(run, dueBy)) return ticksDue(clockRate, run);
  return Math.max(ticksBefore(clockRate, dueBy), byLastRow);
}

/**
 * Deadlines k x 1000 / clockRate strictly before `atMs` (or at it, with `orAt`), each computed as the tick loop does,
 * so no float product adds or drops one. The stop instant is an arbitrary instant (the sim's already lies a
 * microsecond past its last deadline), so the end's microsecond of tolerance is not taken off here.
 */
export function ticksBefore(clockRate: number, atMs: number, orAt = false): number {
  if (!(clockRate > 0) || !(atMs >= 0)) return 0;
  const due = (k: number) => {
    const deadline = (k * 1000) / clockRate;
    return orAt ? deadline <= atMs : deadline < atMs;
  };
  let n = Math.ceil((atMs * clockRate) / 1000);
  while (n > 0 && !due(n - 1)) n -= 1;
  while (due(n)) n += 1;
  return n;
}

export function tickTolerance(expected: number): number {
  return Math.max(2, 0.02 * expected);
}

export type TickVerdict = 'ok' | 'short' | 'long';

export function judgeTicks(ticks: number, expected: number): TickVerdict {
  const slack = tickTolerance(expected);
  if (ticks < expected - slack) return 'short';
  if (ticks > expected + slack) return 'long';
  return 'ok';
}

/**
 * A short VM either ended early (its last row comes before the end of the ticks due by more than the slack's worth
 * of ticks) or missed ticks along the way and still ran to the end (a VM killed and restarted by an injected fault).
 */
export function shortfall(
  ticks: number,
  clockRate: number,
  span: DueSpan,
  lastElapsedMs: number | null,
): { short: boolean; endedEarly: boolean } {
  const expected = ticksDue(clockRate, span);
  const short = judgeTicks(ticks, expected) === 'short';
  const slackMs = (tickTolerance(expected) / clockRate) * 1000;
  const endedEarly = short && (lastElapsedMs === null || lastElapsedMs < dueEndMs(span) - slackMs);
  return { short, endedEarly };
}
