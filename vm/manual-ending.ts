/**
 * The last line of a VM run by hand, and its exit code, when its session ends or when it fails. A session stopped
 * early by a Ctrl-C (or SIGTERM) ends interrupted in every terminal, not only in the one it was typed in: the others
 * say which VM stopped it and that their rows are whole up to the stop, and exit with the same code as the VM
 * interrupted (130), so a script running a session can tell a cut-short one from one that ran its course.
 */
import { counted } from '../shared/counted.js';
import { exitCodes } from '../shared/exit-codes.js';
import type { VmFigures } from '../shared/vm-spec.js';
import type { PeerStop } from './manual-coordinator.js';
import type { VmOutcome } from './vm-outcome.js';

export type ManualEnding = {
  id: number;
  stats: Pick<VmFigures, 'ticks' | 'sent' | 'received' | 'finalClock' | 'pendingAtStop' | 'stoppedEarly'>;
  csvFile: string;
  statsFile: string;
  /** This VM's own Ctrl-C or SIGTERM stopped it. */
  interrupted: boolean;
  /** The peer whose stop it kept, if any (manual-coordinator.ts). */
  stoppedBy: PeerStop | undefined;
};

export function manualEnding(ending: ManualEnding): { line: string; exitCode: number } {
  const { id, stats, csvFile, statsFile } = ending;
  const figures =
    `${counted(stats.ticks, 'tick')}, sent ${stats.sent}, received ${stats.received}, final clock ${stats.finalClock}, ` +
    `${stats.pendingAtStop.length} still queued`;
  // A peer's stop at or after the planned end cut nothing short: the session ran its course.
  const by = ending.interrupted || !stats.stoppedEarly ? undefined : ending.stoppedBy;
  if (by !== undefined) {
    const at = new Date(by.atEpochMs).toISOString();
    return {
      line:
        `vm${id}: session interrupted by VM ${by.vm} (Ctrl-C or SIGTERM there): every VM stopped at ${at}; ${figures}; ` +
        `its rows are complete up to the stop: wrote ${csvFile} and ${statsFile}`,
      exitCode: exitCodes.interrupted,
    };
  }
  return {
    line: `vm${id}: ${figures}; wrote ${csvFile} and ${statsFile}`,
    exitCode: ending.interrupted ? exitCodes.interrupted : exitCodes.ok,
  };
}

/** A VM by hand that failed: its one line, and its exit code. */
export function manualFailure(
  id: number,
  failure: Exclude<VmOutcome, { ok: true }>,
): { line: string; exitCode: number } {
  return { line: `vm${id}: ${failure.reason}: ${failure.detail}`, exitCode: failureExitCode(failure.reason) };
}

/** A session this VM came too late for has its own code (the session is fine); every other failure is the run's. */
function failureExitCode(reason: Exclude<VmOutcome, { ok: true }>['reason']): number {
  switch (reason) {
    case 'session-started':
      return exitCodes.sessionStarted;
    case 'port-in-use':
    case 'listen-failed':
    case 'peer-timeout':
    case 'peer-refused':
    case 'peer-lost':
    case 'peer-out-of-range':
    case 'queue-full':
    case 'cannot-write':
      return exitCodes.failed;
    default: {
      const never: never = reason;
      throw new Error(`unhandled failure ${String(never)}`);
    }
  }
}
