/**
 * How a trial ended, as the experiment records it (failed, interrupted, no folder, a planted link), from how its run
 * ended; and the experiment's exit code from every trial's.
 */
import type { RunEnded } from '../launcher/execute-run.js';
import { exitCodes } from '../shared/exit-codes.js';
import type { Trial } from './experiment-plan.js';
import type { ExperimentProgress } from './experiment-progress.js';

export type TrialOutcome =
  | { trial: Trial; status: 'ok' }
  | { trial: Trial; status: 'failed' | 'interrupted'; detail: string }
  /** Its run folder could not be created. */
  | { trial: Trial; status: 'no-folder'; detail: string }
  /** A link (or a file) planted where its folder goes (`detail`: the line refusing it), or not started after one. */
  | { trial: Trial; status: 'planted'; detail: string };

/** The trial's outcome from how its run ended. */
export function trialOutcome(trial: Trial, result: RunEnded, progress: ExperimentProgress): TrialOutcome {
  const failure = result.failure ?? `exit code ${result.exitCode}`;
  switch (result.manifest.status) {
    case 'ok':
      progress.trialEnded(trial, 'ok');
      return { trial, status: 'ok' };
    case 'failed':
      progress.trialEnded(trial, `FAILED (${failure})`);
      return { trial, status: 'failed', detail: failure };
    case 'interrupted':
      progress.trialEnded(trial, 'interrupted');
      return { trial, status: 'interrupted', detail: failure };
    default: {
      const never: never = result.manifest.status;
      throw new Error(`unknown run status ${String(never)}`);
    }
  }
}

/** The experiment's exit code: a planted link (as before the trials) beats interrupted beats failed beats ok. */
export function exitCodeOf(outcomes: readonly TrialOutcome[]): number {
  if (outcomes.some((o) => o.status === 'planted')) return exitCodes.usage;
  if (outcomes.some((o) => o.status === 'interrupted')) return exitCodes.interrupted;
  return outcomes.every((o) => o.status === 'ok') ? exitCodes.ok : exitCodes.failed;
}
