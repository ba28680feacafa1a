/**
 * How a run ended, as its manifest and its exit code say it, the same for every engine: the run's status and reason,
 * and the entry of a VM that ended with no figures of its own (killed, failed, lost), rebuilt from its rows. Each
 * engine only says which of these endings it met (launcher/run-outcome.ts, sim/execute-sim.ts).
 */
import { type ExitCode, exitCodes } from '../shared/exit-codes.js';
import type { CsvFigures } from './csv-figures.js';
import type { RunStatus } from './manifest.js';
import type { ManifestVm } from './manifest-vm.js';

/**
 * `refused`: the run could not start for a reason of its config (a port taken): status failed, but exit 2 as for
 * any config error, since nothing ran.
 */
export type RunEnding = { how: 'ok' } | { how: 'interrupted' | 'failed' | 'refused'; reason: string };

export function runStatusOf(ending: RunEnding): RunStatus {
  switch (ending.how) {
    case 'ok':
      return 'ok';
    case 'interrupted':
      return 'interrupted';
    case 'failed':
    case 'refused':
      return 'failed';
    default: {
      const never: never = ending;
      throw new Error(`unknown run ending ${JSON.stringify(never)}`);
    }
  }
}

export function exitCodeOf(ending: RunEnding): ExitCode {
  switch (ending.how) {
    case 'ok':
      return exitCodes.ok;
    case 'interrupted':
      return exitCodes.interrupted;
    case 'failed':
      return exitCodes.failed;
    case 'refused':
      return exitCodes.usage;
    default: {
      const never: never = ending;
      throw new Error(`unknown run ending ${JSON.stringify(never)}`);
    }
  }
}

/** Why the run did not end ok, as the manifest's `reason`; undefined when it did. */
export function reasonOf(ending: RunEnding): string | undefined {
  return ending.how === 'ok' ? undefined : ending.reason;
}

/** The manifest's `status` and (when not ok) `reason`, in that order. */
export function endingFields(ending: RunEnding): { status: RunStatus; reason?: string } {
  return ending.how === 'ok' ? { status: 'ok' } : { status: runStatusOf(ending), reason: ending.reason };
}

/**
 * The `exit` of a VM the launcher stopped before the common start (the run failed or was interrupted while the VMs
 * were getting ready): it never ticked. Older launchers wrote `killed by SIGKILL` for it.
 */
export const stoppedBeforeStartExit = 'stopped before the start';

/** The `exit` of a VM an injected kill (not followed by a restart) left down at the end of the run. */
export const injectedKillExit = 'killed (injected fault)';

/** What a stopped VM's rows say of it: the figures of its CSV (or, in the sim, of the rows it wrote). */
export type RowFigures = Pick<CsvFigures, 'rows' | 'sends' | 'received' | 'lastClock' | 'maxJump' | 'maxQueue'>;

/** A VM whose CSV cannot be read counts nothing here; the analysis and the checker say why. */
export const noRowFigures: RowFigures = { rows: 0, sends: 0, received: 0, lastClock: 0, maxJump: 0, maxQueue: 0 };

/**
 * The entry of a VM that ended with no figures of its own: what its rows say, stopped early, with how it ended
 * (`exit`). Its drops (and host) are added by the caller, from the launcher's or the sim's record.
 */
export function stoppedVmEntry(
  vm: { id: number; clockRate: number },
  figures: RowFigures,
  exit: string,
  pid: number | null,
): Omit<ManifestVm, 'dropped' | 'droppedBy'> {
  return {
    id: vm.id,
    clockRate: vm.clockRate,
    port: 0,
    ticks: figures.rows,
    sent: figures.sends,
    received: figures.received,
    finalClock: figures.lastClock,
    maxJump: figures.maxJump,
    maxQueue: figures.maxQueue,
    pendingAtStop: [],
    lostPeers: [],
    unendedLinks: [],
    refused: 0,
    stoppedEarly: true,
    exit,
    pid,
  };
}

/**
 * The manifest's `stoppedAtMs` of a run stopped in order: `realMs` after the start (real time) in experiment ms,
 * clamped: float rounding of x speed must not put it past the configured end, nor a stop in the lead before 0.
 */
export function stoppedAtMs(realMs: number, config: { speed: number; durationSeconds: number }): number {
  return Math.min(config.durationSeconds * 1000, Math.max(0, realMs * config.speed));
}
