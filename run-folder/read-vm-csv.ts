/**
 * Streams one VM's CSV, record by record, so memory stays flat however long the run was. A file exactly as the VMs
 * write it is split by own-csv-reader.ts; at the first line that is not (a hand edit, CRLF, a quoted field, another
 * width) the whole file is read by csv-parse instead, with identical records for the lines both read.
 *
 * A VM killed mid-run can leave a last line cut in the middle (its writes go straight to the file). A complete CSV
 * ends with a newline, so everything after the last newline is a cut tail: it is left out and reported, never
 * parsed as a wrong row.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { parseWithCsvParse } from './csv-parse-reader.js';
import type { RecordVisitor } from './csv-visitor.js';
import { readOwnCsv } from './own-csv-reader.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

export type { RecordVisitor } from './csv-visitor.js';

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

/** `reader: 'csv-parse'` skips the fast path (tests compare the two). */
export type StreamOptions = { reader?: 'auto' | 'csv-parse' };

const newline = 0x0a;
const tailWindow = 64 * 1024;

export async function streamVmCsv(
  file: string,
  visit: RecordVisitor,
  options: StreamOptions = {},
): Promise<CsvReadSummary | Unreadable> {
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
    await handle.close();
    return unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`);
  }
  const cutTailBytes = size - (lastNewline + 1);
  let visited = 0;
  try {
    if (lastNewline < 0) return { ok: true, file, missing: false, records: 0, cutTailBytes };
    if (options.reader !== 'csv-parse') {
      const own = await readOwnCsv(handle, file, lastNewline, visit);
      if (own.ok === true) return { ok: true, file, missing: false, records: own.records, cutTailBytes };
      if (own.ok === false) return own;
      visited = own.visited;
    }
  } finally {
    await handle.close();
  }
  const parsed = await parseWithCsvParse(file, lastNewline, visit, visited);
  return parsed.ok ? { ok: true, file, missing: false, records: parsed.records, cutTailBytes } : parsed;
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
