/**
 * Why a run fails, in the supervisor's words: the reason (which decides the run's status and exit code, see
 * run-outcome.ts) and one line naming the VM and what happened to it.
 */
import type { VmToLauncher } from '../shared/ipc-messages.js';
import type { VmExit } from './vm-transport.js';

export type FailureReason =
  | 'cannot-write'
  | 'vm-exited'
  | 'start-timeout'
  | 'finish-timeout'
  | 'suspended'
  | 'unheard'
  | 'vm-failed'
  | 'port-in-use'
  | 'restart-failed'
  | 'interrupted'
  | 'killed';

export type RunFailure = { reason: FailureReason; detail: string };

/**
 * A VM could not listen or connect. A taken port at the start is the config's (exit 2: nothing ran); a restarted
 * VM whose port was taken while it was down is a failure of the run (exit 1), named with its port. A VM that cannot
 * write its CSV (`cannot write .../vm-0.csv (ENOSPC)`) fails the run as the folder's failure, as the sim's does.
 */
export function failureOfVm(message: Extract<VmToLauncher, { type: 'failed' }>, restarting: boolean): RunFailure {
  if (message.reason === 'cannot-write')
    return { reason: 'cannot-write', detail: `VM ${message.id} ${message.detail}` };
  const what = `${message.reason}: ${message.detail}`;
  if (restarting) return { reason: 'restart-failed', detail: `VM ${message.id} could not restart (${what})` };
  if (message.reason === 'port-in-use') {
    return { reason: 'port-in-use', detail: `VM ${message.id} could not start (${what})` };
  }
  // A peer's value out of bounds or a full queue stops a VM while it runs, not at its start.
  const midRun = message.reason === 'peer-out-of-range' || message.reason === 'queue-full';
  return {
    reason: 'vm-failed',
    detail: `VM ${message.id} ${midRun ? 'stopped the run' : 'could not start'} (${what})`,
  };
}

/** A VM life that ended before it reported its figures, and not by an injected kill. */
export function failureOfExit(exit: VmExit, restarting: boolean): RunFailure {
  // A new life that could not begin (its CSV could not be cut back on its host, a gap in its rows).
  if (restarting && exit.lost !== undefined) return { reason: 'restart-failed', detail: `VM ${exit.id} ${exit.lost}` };
  const how =
    exit.lost ?? (exit.signal !== undefined ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`);
  // One never reached (its host did not let it start) did not end before anything: it never began.
  const when = exit.neverReached === true ? '' : ' before the run ended';
  return { reason: 'vm-exited', detail: `VM ${exit.id} ${how}${when}` };
}

/** A restart that threw (its CSV unreadable, the transport failing). */
export function failureOfRestart(vm: number, error: unknown): RunFailure {
  const why = error instanceof Error ? error.message : String(error);
  return { reason: 'restart-failed', detail: `VM ${vm} could not restart (${why})` };
}
