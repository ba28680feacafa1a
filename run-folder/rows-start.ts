/**
 * The start a VM's rows carry: each row's system_time (its wall clock) less its elapsed_ms (since the run's common
 * start) is that start, give or take the millisecond the ISO time is cut to and what the wall clock moved against the
 * monotonic one since. Read from the first row, the nearest to the start. A record (a by-hand VM's vm-K.json, a
 * launcher's run-start.json) whose start is another than its rows' is another run's or session's.
 */
import { join } from 'node:path';
import { csvFileName } from './csv-columns.js';
import { pickLines } from './line-picker.js';

/** A row's start this far from its record's is another run's (runs and sessions follow one another by seconds). */
export const sessionStartToleranceMs = 1000;

/**
 * The start VM `id`'s first row (line 2) carries, with a clause saying so (`of` names what was started: a launcher's
 * run, a by-hand session); null when there is no row to tell by.
 */
export async function rowsStartOf(
  runDir: string,
  id: number,
  of: 'run' | 'session',
): Promise<{ ms: number; said: string } | null> {
  let first: { systemTime: string; elapsedMs: number } | undefined;
  // Line 2: the header is line 1. A missing or empty CSV, or a first row that does not read, tells nothing.
  await pickLines(join(runDir, csvFileName(id)), [0], (_, fields) => {
    first = { systemTime: fields[3] ?? '', elapsedMs: Number(fields[4]) };
  });
  if (first === undefined) return null;
  const ms = Date.parse(first.systemTime) - first.elapsedMs;
  // An elapsed_ms past any date (1e300, edited) tells nothing either: the checker names that row.
  const at = new Date(ms);
  if (Number.isNaN(at.getTime())) return null;
  const iso = at.toISOString();
  const said = `${csvFileName(id)}'s first row (line 2) is of a ${of} started at ${iso} (its system_time less its elapsed_ms)`;
  return { ms, said };
}
