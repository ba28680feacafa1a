/**
 * A first look at each VM's CSV before exporting, through the run folder's one CSV reader: does it have the
 * vector_clock column, and how many rows does it hold (complete records; a cut last line is not a row).
 */
import { csvColumns } from '../run-folder/csv-columns.js';
import { streamVmCsvFields } from '../run-folder/read-vm-csv.js';
import type { Unreadable } from '../run-folder/unreadable.js';

export type CsvSurvey = { missing: boolean; hasVector: boolean; rows: number };

export async function surveyCsv(file: string): Promise<CsvSurvey | Unreadable> {
  const read = await streamVmCsvFields(file, () => {});
  if (!read.ok) return read;
  return { missing: read.missing, hasVector: read.fields === csvColumns.length, rows: read.records };
}
