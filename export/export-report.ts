/**
 * How `launcher export` says what it did: the line for an export written (and whether the rows pass the check), the
 * note on vector entries lowered to their VM's last logged event, or the one line for an export not done; and the exit
 * code for each.
 */

import { failsCheckLine } from '../analysis/fails-check.js';
import { counted } from '../shared/counted.js';
import { exitCodes } from '../shared/exit-codes.js';
import { printable } from '../shared/printable-text.js';
import type { ClampedOf, ExportOutcome } from './export-outcome.js';

/**
 * Entries lowered to their VM's last logged event, with why those events are missing: rows that stay on a host (the
 * manifest's rowsOnHost) were written there, not lost; the rest went with a VM killed mid-write.
 */
function clampedNote(total: number, clampedOf: readonly ClampedOf[]): string {
  const entries = (n: number) => counted(n, 'vector entry', 'vector entries');
  const then = "each now names that VM's last logged event";
  if (clampedOf.every((c) => c.onHost === null))
    return `note: ${entries(total)} named events their VM never logged (lost with a killed VM); ${then}`;
  const parts = clampedOf.map((c) =>
    c.onHost === null
      ? `${c.entries} of VM ${c.vm}, lost with it killed`
      : `${c.entries} of VM ${c.vm}, whose rows not in the run folder stay on host ${c.onHost.host} (the manifest's ${c.onHost.field})`,
  );
  return `note: ${entries(total)} named events missing from the run folder: ${parts.join('; ')}; ${then}`;
}

/** Says how the export to `where` went (one line, a note after it when entries were lowered); returns the exit code. */
export function reportExport(outcome: ExportOutcome, where: string, message: (line: string) => void): number {
  if (outcome.ok) {
    // The log is written whole; that it comes from rows check rejects is said first, and in the exit code.
    if (outcome.fails !== null) message(failsCheckLine('log', outcome.fails));
    const how =
      outcome.vectors === 'logged' ? 'as logged' : 'replayed from the messages (a run from before vector clocks)';
    message(
      `exported ${counted(outcome.events, 'event')} of ${counted(outcome.hosts, 'host')} to ${where}; vector clocks ${how}`,
    );
    if (outcome.clampedEntries > 0) message(clampedNote(outcome.clampedEntries, outcome.clampedOf));
    return outcome.fails === null ? exitCodes.ok : exitCodes.failsCheck;
  }
  switch (outcome.reason) {
    case 'not-exportable':
      message(
        `not exportable: ${printable(outcome.file)}${outcome.line === null ? '' : ` line ${outcome.line}`}: ${outcome.detail}`,
      );
      return exitCodes.failed;
    case 'no-rows':
      // As `report`: not 0, nothing was written; not 2, the folder reads as a run, the run itself logged nothing.
      message(`nothing to export: ${outcome.said}; nothing written to ${where}`);
      return exitCodes.failed;
    case 'unreadable':
      message(`unreadable: ${printable(outcome.file)}: ${outcome.detail}`);
      return exitCodes.usage;
    case 'output-closed':
      // The output's own failure is said before this: an output closed without one is a bug.
      throw new Error(`the export to ${where} stopped, yet its output reports no failure`);
    default: {
      const never: never = outcome;
      throw new Error(`unexpected export outcome ${JSON.stringify(never)}`);
    }
  }
}
