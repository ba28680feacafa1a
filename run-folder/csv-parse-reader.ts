/**
 * The general reader: csv-parse over the file's complete lines, for any CSV, quoted however a hand or another tool
 * left it. read-vm-csv.ts uses it when a file is not exactly as the VMs write it (own-csv-reader.ts reads those), so
 * csv-parse is loaded only then: a digest worker that never needs it starts without it.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { isKnownHeader, type RecordVisitor, unknownHeader } from './csv-visitor.js';
import type { HandedOver } from './line-by-line-reader.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

/**
 * csv-parse refused the file (`refusal` says why, at which line) after `handed` was handed over, by it or by the
 * fast read before it: the rest can still be read line by line (line-by-line-reader.ts).
 */
export type CsvParseRefusal = { ok: 'refused'; refusal: Unreadable; handed: HandedOver };

export type CsvParseOutcome = { ok: true; records: number; fields: number } | CsvParseRefusal | Unreadable;

/** What csv-parse tells of each record it makes (its `on_record` context): `bytes` read, the delimiter included. */
type RecordContext = { bytes: number };

/**
 * Parses bytes 0..lastNewline of `file`, read through `handle` (left open: the caller closes it); resolves with the
 * data records seen. The first `skip` data records are parsed but not visited (a fast read already handed them over
 * before it met a line it leaves to csv-parse). Each record is visited as csv-parse makes it (`on_record`), with the
 * file line it starts on: so a refusal comes after every record before it was handed over, once, and says at which
 * line and byte the next one starts.
 */
export async function parseWithCsvParse(
  handle: FileHandle,
  file: string,
  lastNewline: number,
  visit: RecordVisitor,
  skip = 0,
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<CsvParseOutcome> {
  const { parse } = await import('csv-parse');
  return new Promise((resolve, reject) => {
    /** Everything up to the last record made; `lines` counts the file's lines (a field may hold line breaks). */
    const handed: HandedOver = { lines: 0, bytes: 0, records: 0, fields: 0 };
    /** Why csv-parse was stopped from the inside (a header not ours, a visitor that threw), for its 'error'. */
    let stopped: { outcome: CsvParseOutcome } | { bug: unknown } | null = null;
    const onRecord = (record: string[], context: RecordContext): null => {
      const line = handed.lines + 1;
      handed.lines += linesOf(record);
      handed.bytes = context.bytes;
      if (line === 1) {
        if (!isKnownHeader(record)) {
          stopped = { outcome: unknownHeader(file, record) };
          throw stopParse;
        }
        handed.fields = record.length;
        return null;
      }
      handed.records += 1;
      if (handed.records <= skip) return null;
      try {
        visit(record, line, handed.fields);
      } catch (error) {
        // A visitor failing is a bug, not bad data: surface it rather than report the file as unreadable.
        stopped = { bug: error };
        throw stopParse;
      }
      // Nothing is pushed on: every record is handed over here, none waits in the stream to be lost on a refusal.
      return null;
    };
    // relax_column_count: a short or long row is the checker's finding (with its line), not a parse failure.
    // bom: a byte-order mark before the header is left out of it (its bytes still count in `context.bytes`).
    const parser = parse({ bom: true, columns: false, cast: false, relax_column_count: true, on_record: onRecord });
    // Not handle.createReadStream: destroying that closes the handle, which the line-by-line read still needs.
    const source = Readable.from(chunksOf(handle, lastNewline + 1, pace), { objectMode: false });
    let settled = false;
    const finish = (outcome: CsvParseOutcome) => {
      if (settled) return;
      settled = true;
      source.destroy();
      parser.destroy();
      resolve(outcome);
    };
    parser.on('error', (error) => {
      if (stopped !== null && 'bug' in stopped) {
        settled = true;
        source.destroy();
        reject(stopped.bug);
      } else if (stopped !== null) finish(stopped.outcome);
      else finish({ ok: 'refused', refusal: unreadable('csv-parse', file, error.message), handed });
    });
    source.on('error', (error) => finish(unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`)));
    parser.on('end', () => finish({ ok: true, records: handed.records, fields: handed.fields }));
    // No record is pushed, but the stream must flow to end.
    parser.resume();
    source.pipe(parser);
  });
}

/** Thrown from on_record to stop csv-parse; what stopped it is kept beside (`stopped`). */
const stopParse = new Error('stopped by the reader');

/** Lines one record spans: one, and one more per line break inside a (quoted) field. */
function linesOf(record: readonly string[]): number {
  let lines = 1;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) lines += 1;
  }
  return lines;
}

/**
 * Bytes 0..stop of the file, 256 KiB at a time, each in a buffer of its own (the parser may still hold the last);
 * `pace` is awaited before each after the first.
 */
async function* chunksOf(handle: FileHandle, stop: number, pace: () => Promise<void>): AsyncGenerator<Buffer> {
  for (let position = 0; position < stop; ) {
    if (position > 0) await pace();
    const buffer = Buffer.allocUnsafe(Math.min(256 * 1024, stop - position));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    // The file shrank while being read: its bytes up to here are all there is.
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
