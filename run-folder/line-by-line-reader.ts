/**
 * The last resort for a CSV that csv-parse refuses as a whole: a quote out of place (one hand edit) stops csv-parse
 * at that line, and its skip_records_with_error drops every row after an unclosed quote. Here each line is a record
 * of its own, so one bad line costs its own row and no other: a line that reads on its own is handed over as
 * csv-parse reads it, and one that does not is handed over as a record of no fields, which every reader counts as
 * one malformed row (csv-visitor.ts). Used only once csv-parse has refused the file, and only after the last record
 * it made: a quoted field may hold a line break, which only csv-parse keeps, so what it read is never read here.
 */
import type { FileHandle } from 'node:fs/promises';
import { isKnownHeader, type RecordVisitor, unknownHeader, unreadLine, withoutByteOrderMark } from './csv-visitor.js';
import { OwnLineSplitter } from './own-csv-line.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

/**
 * What the readers before this one handed over: the file's first `lines` lines, `bytes` long, holding `records`
 * data records; `fields` is the header's width (0, with nothing handed over, when the header did not read).
 */
export type HandedOver = { lines: number; bytes: number; records: number; fields: number };

type LineParser = (text: string) => string[] | null;

const chunkBytes = 1024 * 1024;
const newline = 0x0a;

/**
 * Reads bytes handed.bytes..lastNewline of `file` through `handle` (left open), one line at a time, handing over
 * their records with their own line numbers. With nothing handed over the header (line 1) is read here for its width;
 * a header that does not read gives `refusal`, csv-parse's own word on the file.
 */
export async function readLineByLine(
  handle: FileHandle,
  file: string,
  lastNewline: number,
  visit: RecordVisitor,
  handed: HandedOver,
  refusal: Unreadable,
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<{ ok: true; records: number; fields: number } | Unreadable> {
  const parseLine = await lineParser();
  const splitter = new OwnLineSplitter();
  const stop = lastNewline + 1;
  let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, stop - handed.bytes)));
  let { lines: line, fields, records } = handed;
  let filled = 0;
  for (let position = handed.bytes; position < stop; ) {
    if (position > handed.bytes) await pace();
    // A line longer than the buffer: a bigger one (csv-parse took such a line too).
    if (filled === buffer.length) buffer = Buffer.concat([buffer], 2 * buffer.length);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, filled, Math.min(buffer.length - filled, stop - position), position));
    } catch (error) {
      return unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`);
    }
    // The file shrank since csv-parse read it: its lines up to here are all there is.
    if (bytesRead === 0) break;
    position += bytesRead;
    filled += bytesRead;
    const whole = buffer.lastIndexOf(newline, filled - 1) + 1;
    if (whole === 0) continue;
    const text = buffer.toString('utf8', 0, whole);
    splitter.reset(text);
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      line += 1;
      if (line === 1) {
        const header = parseLine(withoutByteOrderMark(text.slice(start, end)));
        if (header === null) return refusal;
        if (!isKnownHeader(header)) return unknownHeader(file, header);
        fields = header.length;
      } else {
        // Lines as the VMs write them are split without csv-parse, which reads them the same (own-csv-line.ts).
        const record = splitter.split(start, end, fields) ?? parseLine(text.slice(start, end)) ?? unreadLine;
        records += 1;
        visit(record, line, fields);
      }
      start = end + 1;
    }
    buffer.copy(buffer, 0, whole, filled);
    filled -= whole;
  }
  return { ok: true, records, fields };
}

/**
 * One line (without its '\n') as csv-parse reads it as a file of that one line, or null when it does not read. A CR
 * before the '\n' ends the line (CSV's own line end) rather than being part of its last field.
 */
async function lineParser(): Promise<LineParser> {
  const { parse, CsvError } = await import('csv-parse/sync');
  return (text) => {
    const bare = text.endsWith('\r') ? text.slice(0, -1) : text;
    // csv-parse makes no record of an empty text, but reads an empty line of a file as one empty field.
    if (bare === '') return [''];
    try {
      const records: string[][] = parse(bare, { cast: false, relax_column_count: true, record_delimiter: '\n' });
      return records.length === 1 ? (records[0] as string[]) : null;
    } catch (error) {
      if (error instanceof CsvError) return null;
      throw error;
    }
  };
}
