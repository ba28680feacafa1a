/**
 * How `launcher run` ends once its run ended: logs/latest pointed at it, the seed line and the per-VM summary, the
 * checks and the report (after-run.ts), where the run is, and the exit code; or, for a run no VM ticked in, the one
 * line that says so (unticked-run.ts).
 */
import type { RunEnded } from '../launcher/execute-run.js';
import { latestLinkOf, pointLatest } from '../run-folder/latest-link.js';
import { exitCodes } from '../shared/exit-codes.js';
import { consoleWriters } from '../shared/line-writers.js';
import { printable } from '../shared/printable-text.js';
import { afterRun } from './after-run.js';
import { formatSummaryTable } from './summary-table.js';
import { terminalWidth } from './terminal-width.js';
import { noVmTicked, untickedRunLine } from './unticked-run.js';

/**
 * A run that ended: its summary, the checks and the report, and where it is; a signal skips what is left of them. A
 * run no VM ticked in gets none of them, nor logs/latest (unticked-run.ts): one line says what happened.
 */
export async function endRun(ran: RunEnded, dir: string, pointAtIt: boolean, stop: AbortSignal): Promise<number> {
  const { exitCode, manifest, failure } = ran;
  // Nothing was logged: tables of zeros and a verdict on no rows would read as a run that happened.
  if (failure !== undefined && noVmTicked(manifest)) {
    console.error(untickedRunLine(manifest, failure, dir, pointAtIt ? latestLinkOf(dir) : undefined));
    // A signal that cut the end's wait on a lost host: nothing else was left to skip.
    return stop.aborted ? exitCodes.interrupted : exitCode;
  }
  const latest = pointAtIt ? await pointLatest(dir) : ({ kind: 'pointed' } as const);
  switch (latest.kind) {
    case 'pointed':
      break;
    case 'left':
      // Not the run's failure: the run is whole, only the shortcut to it is missing.
      console.error(latest.line);
      break;
    default: {
      const never: never = latest;
      throw new Error(`unknown latest result ${JSON.stringify(never)}`);
    }
  }

  console.log(`seed ${manifest.seed}; clock rates ${manifest.clockRates.join(', ')} ticks/s`);
  console.log(formatSummaryTable(manifest.vms, manifest.clockRates, terminalWidth()));
  if (failure !== undefined) console.error(`run ${manifest.status}: ${failure}`);
  const after = await afterRun(dir, consoleWriters, stop);
  switch (after.kind) {
    case 'done':
      console.log(`run folder: ${printable(dir)}`);
      // A run that finished but broke a rule misbehaved: that is a failed run, whatever the processes said.
      return exitCode === exitCodes.ok && !after.valid ? exitCodes.failed : exitCode;
    case 'interrupted':
      console.error(
        `run interrupted during its report: skipped ${after.skipped.join(', ')}; the run (${manifest.status}) is kept in ${printable(dir)}`,
      );
      return exitCodes.interrupted;
    default: {
      const never: never = after;
      throw new Error(`unknown end of the report ${JSON.stringify(never)}`);
    }
  }
}
