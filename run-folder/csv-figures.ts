/**
 * What a VM's CSV says about it, for a VM that cannot say it itself: one that died (its rows are all that is left)
 * or one that is restarted (its clock, ticks and message ids continue from its first life). Read through the one
 * CSV reader and parseRow, so a cut last line is left out and reported (never half-read), and a row that does not
 * parse is counted, not guessed at.
 */
import { parseRow } from './csv-row.js';
import { streamVmCsv } from './read-vm-csv.js';
import type { Unreadable } from './unreadable.js';

export type CsvFigures = {
  /** Complete rows, well-formed or not (a restarted VM's tick numbers and the run's tick count go on from here). */
  rows: number;
  /** Rows that did not parse; none of the figures below count them. */
  badRows: number;
  /** The clock of the last well-formed row (0 when there is none). */
  lastClock: number;
  /** Send rows. */
  sends: number;
  /** The highest message number of its send rows: its message ids continue from here after a restart. */
  lastNumber: number;
  received: number;
  maxJump: number;
  maxQueue: number;
  /** The vector clock of the last well-formed row, by VM id (absent entries are 0). */
  lastVector: number[];
  /** No file: the VM was killed before its first tick. */
  missing: boolean;
  /** Columns of the header (0: not even a complete header line). */
  fields: number;
  /** Bytes of complete lines; anything after is a cut last row of `cutTailBytes`. */
  completeBytes: number;
  cutTailBytes: number;
};

export async function csvFigures(file: string, vmId: number, machines: number): Promise<CsvFigures | Unreadable> {
  const vector = new Uint32Array(machines);
  const figures: CsvFigures = {
    ...{ rows: 0, badRows: 0, lastClock: 0, sends: 0, lastNumber: 0, received: 0, maxJump: 0, maxQueue: 0 },
    ...{
      lastVector: new Array<number>(machines).fill(0),
      missing: false,
      fields: 0,
      completeBytes: 0,
      cutTailBytes: 0,
    },
  };
  const read = await streamVmCsv(file, (record, line, fields) => {
    figures.rows += 1;
    const parsed = parseRow(record, line, vmId, machines, fields, vector);
    if (!parsed.ok) {
      figures.badRows += 1;
      return;
    }
    const row = parsed.row;
    figures.lastClock = row.clock;
    if (row.event === 'send') {
      figures.sends += 1;
      figures.lastNumber = Math.max(figures.lastNumber, row.seq);
    }
    if (row.event === 'receive') figures.received += 1;
    figures.maxJump = Math.max(figures.maxJump, row.jump);
    figures.maxQueue = Math.max(figures.maxQueue, row.queueLen);
    if (row.vectorClock !== undefined) figures.lastVector = Array.from(vector);
  });
  if (!read.ok) return read;
  return {
    ...figures,
    missing: read.missing,
    fields: read.fields,
    completeBytes: read.completeBytes,
    cutTailBytes: read.cutTailBytes,
  };
}
