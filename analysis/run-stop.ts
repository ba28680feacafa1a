/**
 * Where a run's ticks stopped being due for every VM, as the check's kill note and `analyze` both count the ticks an
 * injected kill cost. With a common stop it is the run's end or the signal's stop. Without one (a run that failed, or
 * was interrupted without a stop every VM heard) it is the last VM's recorded stop: the ticks due after it were lost
 * to the failure, not to a kill, since no VM ran on past it.
 */
import type { RunStatus } from '../run-folder/manifest.js';
import { type DueSpan, dueEndMs, hasCommonStop, ticksBefore, ticksDue } from './tick-budget.js';

export type RunStop = {
  /** Experiment ms after the start. */
  atMs: number;
  /** Not the run's end nor a signal's stop: the last of the VMs' own stops (the manifest's stopElapsedMs). */
  lastVmStop: boolean;
};

/** `stopsMs`: each VM's recorded stop in experiment ms (null where the manifest records none). */
export function runStop(run: DueSpan & { status: RunStatus }, stopsMs: readonly (number | null)[]): RunStop {
  const end = dueEndMs(run);
  if (hasCommonStop(run)) return { atMs: end, lastVmStop: false };
  const known = stopsMs.filter((ms): ms is number => ms !== null);
  if (known.length === 0) return { atMs: end, lastVmStop: false };
  const last = Math.max(...known);
  return last < end ? { atMs: last, lastVmStop: true } : { atMs: end, lastVmStop: false };
}

/** A VM's ticks due before the run's stop (as ticksDue, which runStop never exceeds). */
export function ticksDueBeforeStop(clockRate: number, run: DueSpan, stop: RunStop): number {
  return stop.lastVmStop ? ticksBefore(clockRate, stop.atMs) : ticksDue(clockRate, run);
}

/** `the run failed`, `the run was interrupted`: a run without a common stop (never ok), for the lines naming its stop. */
export function runEndedPhrase(status: RunStatus): string {
  return status === 'interrupted' ? 'the run was interrupted' : `the run ${status}`;
}
