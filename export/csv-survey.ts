/**
 * A quick look at each VM's CSV before exporting: does it have the vector_clock column, and how many rows does it
 * hold (complete lines; a cut last line is not a row). Newlines are counted with a byte scan, without parsing.
 */
import { createReadStream } from 'node:fs';
import { csvColumns } from '../run-folder/csv-columns.js';

export type CsvSurvey = { missing: boolean; hasVector: boolean; rows: number };

export async function surveyCsv(file: string): Promise<CsvSurvey> {
  let newlines = 0;
  let header = '';
  let headerDone = false;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let at = chunk.indexOf(0x0a);
      if (!headerDone) {
        header += chunk.subarray(0, at < 0 ? chunk.length : at).toString('utf8');
        headerDone = at >= 0;
      }
      for (; at >= 0; at = chunk.indexOf(0x0a, at + 1)) newlines += 1;
    }
  } catch {
    // Missing or unreadable: the export's own read of the file says which, in one line.
    return { missing: true, hasVector: false, rows: 0 };
  }
  return { missing: false, hasVector: header === csvColumns.join(','), rows: Math.max(0, newlines - 1) };
}
