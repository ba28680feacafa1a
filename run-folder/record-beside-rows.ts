/**
 * Whether a by-hand VM's vm-K.json is of the session its vm-K.csv beside it holds. A later session in the same folder
 * replaces the CSV once its VMs agree on a start, but writes vm-K.json only when it ends in order: a VM of it that
 * failed leaves the older session's record beside its own rows, and that record's figures and start would judge rows
 * they never counted. The rows carry their session's start: each row's system_time (its wall clock) less its
 * elapsed_ms (since the agreed start) is that start, give or take the millisecond the ISO time is cut to and what
 * the wall clock moved against the monotonic one since.
 */
import { join } from 'node:path';
import type { ByHandRecord } from './by-hand-record.js';
import { csvFileName } from './csv-columns.js';
import { pickLines } from './line-picker.js';

/** A row's start this far from its record's is another session's (sessions follow one another by seconds). */
export const sessionStartToleranceMs = 1000;

/** Why `record` (VM `id`'s vm-K.json) is not of its CSV's session, or null (the same, or nothing to tell by). */
export async function recordNotOfRows(runDir: string, id: number, record: ByHandRecord): Promise<string | null> {
  let first: { systemTime: string; elapsedMs: number } | undefined;
  // Line 2: the header is line 1. A missing or empty CSV, or a first row that does not read, tells nothing.
  await pickLines(join(runDir, csvFileName(id)), [0], (_, fields) => {
    first = { systemTime: fields[3] ?? '', elapsedMs: Number(fields[4]) };
  });
  if (first === undefined) return null;
  const rowsStart = Date.parse(first.systemTime) - first.elapsedMs;
  if (!Number.isFinite(rowsStart)) return null;
  const iso = (ms: number) => new Date(ms).toISOString();
  const csv = `${csvFileName(id)}'s first row (line 2) is of a session started at ${iso(rowsStart)} (its system_time less its elapsed_ms)`;
  const after = 'a later session whose VMs failed wrote no vm-K.json and left this one';
  const start = record.startEpochMs;
  if (start !== undefined) {
    if (Math.abs(rowsStart - start) <= sessionStartToleranceMs) return null;
    return `startEpochMs: found ${iso(start)}, the start of another session than its CSV's: ${csv}; ${after}`;
  }
  // An older record, without the start: the rows' start lies between its waiting for peers and its end.
  const [from, to] = [Date.parse(record.startedAt), Date.parse(record.endedAt)];
  if (!(rowsStart < from - sessionStartToleranceMs || rowsStart > to + sessionStartToleranceMs)) return null;
  return `startedAt ${record.startedAt} to endedAt ${record.endedAt}: another session than its CSV's: ${csv}; ${after}`;
}
