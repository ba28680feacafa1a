/**
 * Streams one VM's CSV through csv-parse, record by record, so memory stays flat however long the run was.
 *
 * A VM killed mid-run can leave a last line cut in the middle (its writes go straight to the file). A complete CSV
 * ends with a newline, so everything after the last newline is a cut tail: it is left out and reported, never
 * parsed as a wrong row.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { csvColumns, lamportColumnCount } from '../shared/csv-columns.js';

/** The current header, or the one of runs written before the vector_clock column. */
const isKnownHeader = (record: readonly string[]) =>
  record.join(',') === csvColumns.join(',') || record.join(',') === csvColumns.slice(0, lamportColumnCount).join(',');

import { errorCode, type Unreadable, unreadable } from './unreadable.js';

export type CsvReadSummary = {
  ok: true;
  file: string;
  /** No CSV at all: the VM died before writing one. */
  missing: boolean;
  /** Data records handed over (header excluded, cut tail excluded). */
  records: number;
  /** Bytes after the last newline, left out; 0 for a complete file. */
  cutTailBytes: number;
};

/**
 * Called once per data record; `line` is 1-based and the header is line 1. `fields`: how many columns the header
 * has (11 before vector clocks, 12 with the vector_clock column): a record of another width is a malformed row.
 */
export type RecordVisitor = (record: string[], line: number, fields: number) => void;

const newline = 0x0a;
const tailWindow = 64 * 1024;

export async function streamVmCsv(file: string, visit: RecordVisitor): Promise<CsvReadSummary | Unreadable> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { ok: true, file, missing: true, records: 0, cutTailBytes: 0 };
    return unreadable('csv-unreadable', file, `cannot open (${errorCode(error)})`);
  }
  let lastNewline: number;
  let size: number;
  try {
    size = (await handle.stat()).size;
    lastNewline = await findLastNewline(handle, size);
  } catch (error) {
    return unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`);
  } finally {
    await handle.close();
  }
  const cutTailBytes = size - (lastNewline + 1);
  if (lastNewline < 0) return { ok: true, file, missing: false, records: 0, cutTailBytes };
  return parseUpTo(file, lastNewline, visit, cutTailBytes);
}

/** Offset of the file's last newline byte, or -1; scans back window by window (rows are short, one read suffices). */
async function findLastNewline(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(Math.min(tailWindow, Math.max(size, 1)));
  for (let end = size; end > 0; end -= buffer.length) {
    const start = Math.max(0, end - buffer.length);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(newline);
    if (at >= 0) return start + at;
  }
  return -1;
}

function parseUpTo(
  file: string,
  lastNewline: number,
  visit: RecordVisitor,
  cutTailBytes: number,
): Promise<CsvReadSummary | Unreadable> {
  return new Promise((resolve, reject) => {
    // relax_column_count: a short or long row is the checker's finding (with its line), not a parse failure.
    const parser = parse({ columns: false, cast: false, relax_column_count: true });
    const source = createReadStream(file, { start: 0, end: lastNewline, highWaterMark: 256 * 1024 });
    let line = 0;
    let fields = 0;
    let settled = false;
    const finish = (outcome: CsvReadSummary | Unreadable) => {
      if (settled) return;
      settled = true;
      source.destroy();
      parser.destroy();
      resolve(outcome);
    };
    parser.on('readable', () => {
      try {
        for (let record: string[] | null = parser.read(); record !== null; record = parser.read()) {
          line += 1;
          if (line > 1) visit(record, line, fields);
          else if (isKnownHeader(record)) fields = record.length;
          else {
            finish(
              unreadable('csv-header', file, `header is '${record.join(',')}'; expected '${csvColumns.join(',')}'`),
            );
            return;
          }
        }
      } catch (error) {
        // A visitor failing is a bug, not bad data: surface it rather than report the file as unreadable.
        settled = true;
        source.destroy();
        parser.destroy();
        reject(error);
      }
    });
    parser.on('error', (error) => finish(unreadable('csv-parse', file, error.message)));
    source.on('error', (error) => finish(unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`)));
    parser.on('end', () => finish({ ok: true, file, missing: false, records: Math.max(0, line - 1), cutTailBytes }));
    source.pipe(parser);
  });
}
