/**
 * THE reader of a VM's CSV, for every command (analysis, check, report, export, the launcher's restart): streams
 * the file record by record, so memory stays flat however long the run was. A file exactly as the VMs write it is
 * split by own-csv-reader.ts; at the first line that is not (a hand edit, CRLF, a quoted field, another width) the
 * whole file is read by csv-parse instead, with identical records for the lines both read. A file csv-parse refuses
 * (a quote out of place) is read on line by line after the last record it made, each line on its own
 * (line-by-line-reader.ts): the line that does not read is one malformed row, and every other row is read.
 *
 * Records come two ways: as strings (`streamVmCsv`), or as field offsets into a text (`streamVmCsvFields`, for the
 * report, which reads a million rows and must not make a string per field).
 *
 * A VM killed mid-run can leave a last line cut in the middle (its writes go straight to the file). A complete CSV
 * ends with a newline, so everything after the last newline (csv-file-ends.ts) is a cut tail: it is left out and
 * reported, never parsed as a wrong row. Only a regular file is read (regular-file.ts): a FIFO by that name is refused at once.
 *
 * A file saved by a spreadsheet or Notepad may begin with a UTF-8 byte-order mark: every reader reads the header
 * after it, and the summary says it was there (a hand edit, told as one: analysis/csv-issues.ts).
 */
import { type FileEnds, fileEnds } from './csv-file-ends.js';
import { parseWithCsvParse } from './csv-parse-reader.js';
import type { RecordVisitor } from './csv-visitor.js';
import { readLineByLine } from './line-by-line-reader.js';
import type { OwnLineSplitter } from './own-csv-line.js';
import { type OwnLineTaker, readOwnCsv } from './own-csv-reader.js';
import { openRegular } from './regular-file.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

export type { RecordVisitor } from './csv-visitor.js';

/**
 * One data record as offsets: field i is text[starts[i], ends[i]) for i < min(count, starts.length). A quoted field
 * may keep its quotes doubled (`""`). `fields`: the header's width, as for RecordVisitor.
 */
export type FieldVisitor = (
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  line: number,
  fields: number,
) => void;

export type CsvReadSummary = {
  ok: true;
  file: string;
  /** No CSV at all: the VM died before writing one. */
  missing: boolean;
  /** Data records handed over (header excluded, cut tail excluded). */
  records: number;
  /** Bytes after the last newline, left out; 0 for a complete file. */
  cutTailBytes: number;
  /** Offset of the first byte of the cut tail (the file's length when there is none). */
  completeBytes: number;
  /** Columns of the header: 12, or 11 before vector clocks; 0 when there is no complete header line. */
  fields: number;
  /** The file begins with a UTF-8 byte-order mark (EF BB BF), left out of the header. */
  byteOrderMark: boolean;
};

/**
 * `reader: 'csv-parse'` skips the fast path (tests compare the two). `pace`: awaited before each next piece of the file
 * is read (about a MiB), so that a visitor handing its output to a slower writer (the export into a pipe) holds a
 * piece's worth of it, not the whole file's.
 */
export type StreamOptions = { reader?: 'auto' | 'csv-parse'; pace?: Pace };

/** Resolves when the reader may go on. */
export type Pace = () => Promise<void>;

const noPace: Pace = () => Promise.resolve();

export function streamVmCsv(
  file: string,
  visit: RecordVisitor,
  options: StreamOptions = {},
): Promise<CsvReadSummary | Unreadable> {
  const take: OwnLineTaker = (splitter, start, end, line, fields) => {
    const record = splitter.split(start, end, fields);
    if (record === null) return false;
    visit(record, line, fields);
    return true;
  };
  return streamCsv(file, take, visit, options);
}

export function streamVmCsvFields(
  file: string,
  visit: FieldVisitor,
  options: StreamOptions = {},
): Promise<CsvReadSummary | Unreadable> {
  const starts = new Int32Array(16);
  const ends = new Int32Array(16);
  const take: OwnLineTaker = (splitter: OwnLineSplitter, start, end, line, fields) => {
    if (fields > starts.length || !splitter.locate(start, end, fields, starts, ends)) return false;
    visit(splitter.text, starts, ends, fields, line, fields);
    return true;
  };
  // csv-parse's records (rare: only files not as the VMs write them) become one text with offsets.
  const fromRecord: RecordVisitor = (record, line, fields) => {
    let text = '';
    const count = Math.min(record.length, starts.length);
    for (let i = 0; i < count; i++) {
      starts[i] = text.length;
      text += record[i];
      ends[i] = text.length;
    }
    visit(text, starts, ends, record.length, line, fields);
  };
  return streamCsv(file, take, fromRecord, options);
}

async function streamCsv(
  file: string,
  take: OwnLineTaker,
  visit: RecordVisitor,
  options: StreamOptions,
): Promise<CsvReadSummary | Unreadable> {
  const opened = await openRegular(file);
  if (!opened.ok) {
    if (opened.code === 'ENOENT') {
      const none = { records: 0, cutTailBytes: 0, completeBytes: 0, fields: 0, byteOrderMark: false };
      return { ok: true, file, missing: true, ...none };
    }
    return unreadable(opened.code === 'ENOTREG' ? 'not-a-file' : 'csv-unreadable', file, opened.detail);
  }
  const { handle, size } = opened;
  try {
    let ends: FileEnds;
    try {
      ends = await fileEnds(handle, size);
    } catch (error) {
      return unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`);
    }
    const { lastNewline, byteOrderMark } = ends;
    const cutTailBytes = size - (lastNewline + 1);
    const summary = { ok: true as const, file, missing: false, cutTailBytes, byteOrderMark };
    const completeBytes = lastNewline + 1;
    if (lastNewline < 0) return { ...summary, records: 0, completeBytes, fields: 0 };
    let visited = 0;
    const pace = options.pace ?? noPace;
    if (options.reader !== 'csv-parse') {
      const own = await readOwnCsv(handle, file, lastNewline, take, pace);
      if (own.ok === true) return { ...summary, records: own.records, completeBytes, fields: own.fields };
      if (own.ok === false) return own;
      visited = own.visited;
    }
    let parsed = await parseWithCsvParse(handle, file, lastNewline, visit, visited, pace);
    if (parsed.ok === 'refused')
      parsed = await readLineByLine(handle, file, lastNewline, visit, parsed.handed, parsed.refusal, pace);
    return parsed.ok ? { ...summary, records: parsed.records, completeBytes, fields: parsed.fields } : parsed;
  } finally {
    await handle.close().catch(() => {});
  }
}
