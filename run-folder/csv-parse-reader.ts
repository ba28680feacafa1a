/**
 * The general reader: csv-parse over the file's complete lines, for any CSV, quoted however a hand or another tool
 * left it. read-vm-csv.ts uses it when a file is not exactly as the VMs write it (own-csv-reader.ts reads those), so
 * csv-parse is loaded only then: a digest worker that never needs it starts without it.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { quoted } from '../shared/printable-text.js';
import { csvColumns } from './csv-columns.js';
import { isKnownHeader, type RecordVisitor } from './csv-visitor.js';
import type { HandedOver } from './line-by-line-reader.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

/**
 * csv-parse refused the file (`refusal` says why, at which line) after `handed` was handed over, by it or by the
 * fast read before it: the rest can still be read line by line (line-by-line-reader.ts).
 */
export type CsvParseRefusal = { ok: 'refused'; refusal: Unreadable; handed: HandedOver };

export type CsvParseOutcome = { ok: true; records: number; fields: number } | CsvParseRefusal | Unreadable;

/**
 * Parses bytes 0..lastNewline of `file`, read through `handle` (left open: the caller closes it); resolves with the
 * data records seen. The first `skip` data records are parsed but not visited (a fast read already handed them over
 * before it met a line it leaves to csv-parse).
 */
export async function parseWithCsvParse(
  handle: FileHandle,
  file: string,
  lastNewline: number,
  visit: RecordVisitor,
  skip = 0,
): Promise<CsvParseOutcome> {
  const { parse } = await import('csv-parse');
  return new Promise((resolve, reject) => {
    // relax_column_count: a short or long row is the checker's finding (with its line), not a parse failure.
    const parser = parse({ columns: false, cast: false, relax_column_count: true });
    // Not handle.createReadStream: destroying that closes the handle, which the line-by-line read still needs.
    const source = Readable.from(chunksOf(handle, lastNewline + 1), { objectMode: false });
    let line = 0;
    /** The file's lines the records so far spread over (a quoted field may hold line breaks). */
    let fileLines = 0;
    let fields = 0;
    let settled = false;
    const finish = (outcome: CsvParseOutcome) => {
      if (settled) return;
      settled = true;
      source.destroy();
      parser.destroy();
      resolve(outcome);
    };
    parser.on('readable', () => {
      try {
        for (let record: string[] | null = parser.read(); record !== null && !settled; record = parser.read()) {
          line += 1;
          fileLines += linesOf(record);
          if (line > skip + 1) visit(record, line, fields);
          else if (line > 1) continue;
          else if (isKnownHeader(record)) fields = record.length;
          else {
            finish(
              unreadable(
                'csv-header',
                file,
                `header is ${quoted(record.join(','), 200)}; expected '${csvColumns.join(',')}'`,
              ),
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
    parser.on('error', (error) => {
      // Records parsed in the read that met the error may never reach 'readable': the fast read's skipped lines
      // were handed over all the same (one line each, after the header).
      const records = Math.max(line - 1, skip);
      const handed = { lines: Math.max(fileLines, skip > 0 ? skip + 1 : 0), records };
      finish({ ok: 'refused', refusal: unreadable('csv-parse', file, error.message), handed });
    });
    source.on('error', (error) => finish(unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`)));
    parser.on('end', () => finish({ ok: true, records: Math.max(0, line - 1), fields }));
    source.pipe(parser);
  });
}

/** Lines one record spans: one, and one more per line break inside a (quoted) field. */
function linesOf(record: readonly string[]): number {
  let lines = 1;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) lines += 1;
  }
  return lines;
}

/** Bytes 0..stop of the file, 256 KiB at a time, each in a buffer of its own (the parser may still hold the last). */
async function* chunksOf(handle: FileHandle, stop: number): AsyncGenerator<Buffer> {
  for (let position = 0; position < stop; ) {
    const buffer = Buffer.allocUnsafe(Math.min(256 * 1024, stop - position));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    // The file shrank while being read: its bytes up to here are all there is.
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
