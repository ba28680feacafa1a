/**
 * The general reader: csv-parse over the file's complete lines, for any CSV, quoted however a hand or another tool
 * left it. read-vm-csv.ts uses it when a file is not exactly as the VMs write it (own-csv-reader.ts reads those), so
 * csv-parse is loaded only then: a digest worker that never needs it starts without it.
 */
import type { FileHandle } from 'node:fs/promises';
import { quoted } from '../shared/printable-text.js';
import { csvColumns } from './csv-columns.js';
import { isKnownHeader, type RecordVisitor } from './csv-visitor.js';
import { errorCode, type Unreadable, unreadable } from './unreadable.js';

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
): Promise<{ ok: true; records: number; fields: number } | Unreadable> {
  const { parse } = await import('csv-parse');
  return new Promise((resolve, reject) => {
    // relax_column_count: a short or long row is the checker's finding (with its line), not a parse failure.
    const parser = parse({ columns: false, cast: false, relax_column_count: true });
    const source = handle.createReadStream({ start: 0, end: lastNewline, highWaterMark: 256 * 1024, autoClose: false });
    let line = 0;
    let fields = 0;
    let settled = false;
    const finish = (outcome: { ok: true; records: number; fields: number } | Unreadable) => {
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
    parser.on('error', (error) => finish(unreadable('csv-parse', file, error.message)));
    source.on('error', (error) => finish(unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`)));
    parser.on('end', () => finish({ ok: true, records: Math.max(0, line - 1), fields }));
    source.pipe(parser);
  });
}
