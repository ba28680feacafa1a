/**
 * Whether a by-hand VM's vm-K.json is of the session its vm-K.csv beside it holds. A later session in the same folder
 * replaces the CSV once its VMs agree on a start, but writes vm-K.json only when it ends in order: a VM of it that
 * failed leaves the older session's record beside its own rows, and that record's figures and start would judge rows
 * they never counted. The rows carry their session's start (rows-start.ts).
 */
import type { ByHandRecord } from './by-hand-record.js';
import { rowsStartOf, sessionStartToleranceMs } from './rows-start.js';

/** Why `record` (VM `id`'s vm-K.json) is not of its CSV's session, or null (the same, or nothing to tell by). */
export async function recordNotOfRows(runDir: string, id: number, record: ByHandRecord): Promise<string | null> {
  const rows = await rowsStartOf(runDir, id, 'session');
  if (rows === null) return null;
  const rowsStart = rows.ms;
  const iso = (ms: number) => new Date(ms).toISOString();
  const csv = rows.said;
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
