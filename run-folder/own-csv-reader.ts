/**
 * Reads a CSV as the VMs write it (own-csv-line.ts), several times faster than csv-parse: whole chunks of lines are
 * decoded at once and split with indexOf. It stops at the first line (or header) that is not as the VMs write it and
 * says how many records it handed over, so that csv-parse can read the whole file instead, skipping those (they
 * are the same records: a property test holds the two to each other).
 */
import type { FileHandle } from 'node:fs/promises';
import { knownHeaders, withoutByteOrderMark } from './csv-visitor.js';
import { OwnLineSplitter } from './own-csv-line.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

/** `fallback`: csv-parse must read the file; `visited` data records were already handed over. */
export type OwnReadOutcome =
  | { ok: true; records: number; fields: number }
  | { ok: 'fallback'; visited: number }
  | Unreadable;

const chunkBytes = 1024 * 1024;
const newline = 0x0a;

/**
 * Takes one data line, text[start, end) of `splitter.text`; false when the line is not as the VMs write it (the
 * whole file then goes to csv-parse). csv-rows.ts has the two kinds: strings per record, or offsets per field.
 */
export type OwnLineTaker = (
  splitter: OwnLineSplitter,
  start: number,
  end: number,
  line: number,
  fields: number,
) => boolean;

/**
 * Reads bytes 0..lastNewline (the file's complete lines) through `handle`, handing each data line to `take`. Linear
 * in the file: every byte is read and decoded once; a line longer than the buffer goes to csv-parse. `pace` is awaited
 * before each chunk after the first (read-vm-csv.ts).
 */
export async function readOwnCsv(
  handle: FileHandle,
  file: string,
  lastNewline: number,
  take: OwnLineTaker,
  pace: () => Promise<void>,
): Promise<OwnReadOutcome> {
  const stop = lastNewline + 1;
  const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(stop, 1)));
  const splitter = new OwnLineSplitter();
  /** Lines read, the header included, as csv-parse counts records. */
  let line = 0;
  let fields = 0;
  let filled = 0;
  for (let position = 0; position < stop; ) {
    if (position > 0) await pace();
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, filled, Math.min(buffer.length - filled, stop - position), position));
    } catch (error) {
      return unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`);
    }
    // The file shrank while being read, or one line fills the buffer: csv-parse copes with both.
    if (bytesRead === 0) return { ok: 'fallback', visited: Math.max(0, line - 1) };
    position += bytesRead;
    filled += bytesRead;
    const whole = buffer.lastIndexOf(newline, filled - 1) + 1;
    if (whole === 0) {
      if (filled === buffer.length) return { ok: 'fallback', visited: Math.max(0, line - 1) };
      continue;
    }
    const text = buffer.toString('utf8', 0, whole);
    splitter.reset(text);
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      line += 1;
      if (fields === 0) {
        const header = withoutByteOrderMark(text.slice(start, end));
        if (!knownHeaders.includes(header)) return { ok: 'fallback', visited: 0 };
        fields = header.split(',').length;
      } else {
        if (!take(splitter, start, end, line, fields)) return { ok: 'fallback', visited: line - 2 };
      }
      start = end + 1;
    }
    buffer.copy(buffer, 0, whole, filled);
    filled -= whole;
  }
  return { ok: true, records: Math.max(0, line - 1), fields };
}
