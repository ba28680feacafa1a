/**
 * How a run ended, as the supervisor concludes it, and how that reads in the manifest and the exit code.
 */
import type { RunConfig } from '../config/run-config.js';
import { type RunEnding, stoppedAtMs } from '../run-folder/run-ending.js';
import type { VmFigures } from '../shared/vm-spec.js';
import type { FailureReason } from './failure-reason.js';

export type SupervisorOutcome =
  | { ok: true; stats: (VmFigures | undefined)[]; startEpochMs: number }
  | {
      ok: false;
      reason: FailureReason;
      detail: string;
      stats: (VmFigures | undefined)[];
      startEpochMs: number | undefined;
      /**
       * The instant every VM was told to stop ticking at (epoch ms, the launcher's clock), never past the run's own
       * stop (a VM only moves its stop earlier); undefined when the VMs were killed before the start, or before that
       * instant (a second signal in the stop's lead): they never reached it.
       */
      stopEpochMs: number | undefined;
    };

/** How the supervisor's outcome reads in the manifest and the exit code. */
export function endingOf(outcome: SupervisorOutcome): RunEnding {
  if (outcome.ok) return { how: 'ok' };
  const reason = outcome.detail;
  switch (outcome.reason) {
    case 'interrupted':
    case 'killed':
    case 'suspended':
      return { how: 'interrupted', reason };
    case 'port-in-use':
      return { how: 'refused', reason };
    case 'cannot-write':
    case 'vm-exited':
    case 'vm-failed':
    case 'restart-failed':
    case 'start-timeout':
    case 'finish-timeout':
    case 'unheard':
      return { how: 'failed', reason };
    default: {
      const never: never = outcome.reason;
      throw new Error(`unknown failure ${String(never)}`);
    }
  }
}

/**
 * A run stopped in order by a signal after its start: the stop instant every VM was told, as experiment ms after the
 * start. Both instants are the launcher's, so on several hosts this is the launcher's experiment time too. A run
 * killed at once (no stop in order) has none; a second signal in the stop's lead kills VMs before it, and the ticks
 * they did not run then count as late, as for any VM killed.
 */
export function stoppedAt(outcome: SupervisorOutcome, config: RunConfig): { stoppedAtMs?: number } {
  if (outcome.ok || outcome.reason !== 'interrupted') return {};
  const { startEpochMs, stopEpochMs } = outcome;
  if (startEpochMs === undefined || stopEpochMs === undefined) return {};
  return { stoppedAtMs: stoppedAtMs(stopEpochMs - startEpochMs, config) };
}
