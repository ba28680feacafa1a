/** What both CSV readers (csv-parse-reader.ts, own-csv-reader.ts) hand over, and the headers they accept. */
import { csvColumns, lamportColumnCount } from './csv-columns.js';

/**
 * Called once per data record; `line` is 1-based and the header is line 1. `fields`: how many columns the header
 * has (11 before vector clocks, 12 with the vector_clock column): a record of another width is a malformed row.
 */
export type RecordVisitor = (record: string[], line: number, fields: number) => void;

/** The current header, and the one of runs written before the vector_clock column, as the VMs write them. */
export const knownHeaders: readonly string[] = [
  csvColumns.join(','),
  csvColumns.slice(0, lamportColumnCount).join(','),
];

export const isKnownHeader = (record: readonly string[]): boolean => knownHeaders.includes(record.join(','));
