/**
 * A first look at each VM's CSV before exporting, through the run folder's one CSV reader: is it a file from before
 * vector clocks (the 11-column header), and how many rows does it hold (complete records; a cut last line is not a
 * row).
 */
import { lamportColumnCount } from '../run-folder/csv-columns.js';
import { streamVmCsvFields } from '../run-folder/read-vm-csv.js';
import type { Unreadable } from '../run-folder/unreadable.js';

/**
 * `beforeVectors`: the header is the 11 columns from before vector clocks. A missing or empty file (a VM that died
 * before its header) has no header at all: it says nothing about the run's format, like a header-only file.
 */
export type CsvSurvey = { beforeVectors: boolean; rows: number };

export async function surveyCsv(file: string): Promise<CsvSurvey | Unreadable> {
  const read = await streamVmCsvFields(file, () => {});
  if (!read.ok) return read;
  return { beforeVectors: read.fields === lamportColumnCount, rows: read.records };
}
