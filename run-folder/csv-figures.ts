/**
 * What a VM's CSV says about it, for a VM that cannot say it itself: one that died (its rows are all that is left)
 * or one that is restarted (its clock, ticks and message ids continue from its first life).
 */
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';

export type CsvFigures = {
  rows: number;
  lastClock: number;
  /** Sends this VM made: its message ids continue from here after a restart. */
  sends: number;
  received: number;
  maxJump: number;
  maxQueue: number;
  /** The vector clock of the last row, by VM id (absent entries are 0). */
  lastVector: Record<string, number>;
};

export async function csvFigures(file: string): Promise<CsvFigures> {
  const figures: CsvFigures = { rows: 0, lastClock: 0, sends: 0, received: 0, maxJump: 0, maxQueue: 0, lastVector: {} };
  // A VM killed before its first tick left no file: then there is nothing to count.
  const handle = await open(file).catch(() => undefined);
  if (handle === undefined) return figures;
  try {
    const rows = handle.createReadStream().pipe(parse({ from_line: 2, relax_column_count: true }));
    for await (const row of rows as AsyncIterable<string[]>) {
      figures.rows += 1;
      figures.lastClock = Number(row[5]);
      if (row[2] === 'send') figures.sends += 1;
      if (row[2] === 'receive') figures.received += 1;
      figures.maxJump = Math.max(figures.maxJump, Number(row[6]));
      figures.maxQueue = Math.max(figures.maxQueue, Number(row[7]));
      if (row[11] !== undefined) figures.lastVector = JSON.parse(row[11]) as Record<string, number>;
    }
  } catch {
    // Half a line at the end of a killed VM's file: what was read is what there is.
  } finally {
    await handle.close().catch(() => {});
  }
  return figures;
}
