/**
 * What the CSV readers (own-csv-reader.ts, csv-parse-reader.ts, line-by-line-reader.ts) hand over, and the headers
 * they accept.
 */
import { quoted } from '../shared/printable-text.js';
import { csvColumns, lamportColumnCount } from './csv-columns.js';
import { type Unreadable, unreadable } from './unreadable.js';

/**
 * Called once per data record; `line` is the file's line the record starts on, 1-based, the header line 1 (a quoted
 * field may hold line breaks: the next record starts that many lines further on, with every reader). `fields`: how
 * many columns the header has (11 before vector clocks, 12 with the vector_clock column): a record of another width
 * is a malformed row.
 */
export type RecordVisitor = (record: string[], line: number, fields: number) => void;

/**
 * The record of a line that does not read as CSV (line-by-line-reader.ts): no fields. csv-parse never makes one (an
 * empty line is one empty field), and it is a malformed row to every reader, even one that knows nothing of it.
 */
export const unreadLine: string[] = [];

/** The current header, and the one of runs written before the vector_clock column, as the VMs write them. */
export const knownHeaders: readonly string[] = [
  csvColumns.join(','),
  csvColumns.slice(0, lamportColumnCount).join(','),
];

export const isKnownHeader = (record: readonly string[]): boolean => knownHeaders.includes(record.join(','));

/** A header line as read, without the UTF-8 byte-order mark a spreadsheet may save before it (read-vm-csv.ts). */
export const withoutByteOrderMark = (line: string): string => (line.startsWith('\ufeff') ? line.slice(1) : line);

/** A header line that reads but is not one of ours: the file is not a VM's CSV. */
export function unknownHeader(file: string, header: readonly string[]): Unreadable {
  const detail = `header is ${quoted(header.join(','), 200)}; expected '${csvColumns.join(',')}'`;
  return unreadable('csv-header', file, detail);
}
