import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { formatVector } from '../../model/vector-clock.js';
import { csvColumns } from '../../run-folder/csv-columns.js';
import { OwnLineSplitter } from '../../run-folder/own-csv-line.js';

const header = csvColumns.join(',');
const csvParse = (text: string): string[][] =>
  parse(text, { columns: false, cast: false, relax_column_count: true }) as string[][];

/** A line with quotes and commas after the one split, so that a scan running past its line's end finds them. */
const quotedNext = '0,1,send,T,1.5,2,1,0,1,0-1,2,"{""0"":2,""1"":1}"';

/** Splits `line` as the fast reader would, in a text where `previous` comes before it and `next` after it. */
function split(line: string, fields = 12, next = quotedNext, previous = header): string[] | null {
  const text = `${previous}\n${line}\n${next}\n`;
  const splitter = new OwnLineSplitter();
  splitter.reset(text);
  return splitter.split(previous.length + 1, previous.length + 1 + line.length, fields);
}

/** What csv-parse makes of the line on its own: its one data record, or null when it sees no single record there. */
function byCsvParse(line: string): string[] | null {
  try {
    const records = csvParse(`${header}\n${line}\n`);
    return records.length === 2 ? (records[1] ?? null) : null;
  } catch {
    return null;
  }
}

/** Characters csv-parse treats specially, and some that a careless splitter might. */
const hostile = fc.constantFrom('a', '1', ',', '"', '\r', ' ', ';', '{', '}', ':', 'é', '😀', '\u2028', '\ufeff', '\0');
/** A field the writer leaves unquoted: anything without a comma, quote, CR or newline. */
const plain = fc
  .string({ unit: fc.oneof(hostile, fc.string({ minLength: 1, maxLength: 1 })) })
  .map((s) => s.replace(/[",\r\n]/g, ''));
const quoted = fc.string({ unit: hostile }).map((s) => `"${s.replaceAll('"', '""')}"`);
/** Any line without a newline: cells of every kind, well quoted or not, or plain noise. */
const anyLine = fc.oneof(
  fc
    .array(
      fc.oneof(
        plain,
        fc.string({ unit: hostile }),
        fc.string({ unit: hostile }).map((s) => `"${s}"`),
        quoted,
        fc.tuple(plain, quoted, plain).map((parts) => parts.join('')),
      ),
      { minLength: 10, maxLength: 13 },
    )
    .map((cells) => cells.join(',')),
  fc.string({ unit: hostile, maxLength: 80 }),
);

describe('OwnLineSplitter', () => {
  test('a row as the VMs write it is split, with the vector_clock unquoted', () => {
    const line = '0,1,send,T,0.500,2,1,0,1;2,0-1,2,"{""0"":2}"';
    expect(split(line)).toEqual(['0', '1', 'send', 'T', '0.500', '2', '1', '0', '1;2', '0-1', '2', '{"0":2}']);
    expect(split('0,0,internal,T,0.5,1,1,0,,,', 11)).toEqual([
      '0',
      '0',
      'internal',
      'T',
      '0.5',
      '1',
      '1',
      '0',
      '',
      '',
      '',
    ]);
  });

  test('lines it leaves to csv-parse: CR, a quote elsewhere, another width, a lone or misplaced quote', () => {
    const lines = [
      '0,0,internal,T,0.5,1,1,0,,,,"{""0"":1}"\r',
      '0,0,"internal",T,0.5,1,1,0,,,,',
      '0,0,internal,T,0.5,1,1,0,,,',
      '0,0,internal,T,0.5,1,1,0,,,,,',
      '0,0,internal,T,0.5,1,1,0,,,,"{"0":1}"',
      '0,0,internal,T,0.5,1,1,0,,,,"a""',
      '0,0,internal,T,0.5,1,1,0,,,, "a"',
      '0,0,internal,T,0.5,1,1,0,,,,"a"b',
      '0,0,internal,T,0.5,1,1,0,,,,a"b',
      '0,0,internal,T,0.5,1,1,0,,,,x""b"',
      '0,0,internal,T,0.5,1,1,0,,,,"',
    ];
    for (const line of lines) {
      for (const around of ['"', '""""', quotedNext, '']) {
        expect([line, around, split(line, 12, around, around)]).toEqual([line, around, null]);
      }
    }
  });

  test('takes every row the writer produces (CR aside, which it leaves to csv-parse), with csv-parse`s fields', () => {
    const last = fc.oneof(
      fc.array(fc.nat(), { maxLength: 70 }).map((vector) => formatVector(vector)),
      fc.string({ unit: hostile }).map((s) => s.replaceAll('\r', '')),
    );
    fc.assert(
      fc.property(
        fc.array(plain, { minLength: 11, maxLength: 11 }),
        last,
        anyLine,
        anyLine,
        (cells, vector, next, previous) => {
          const line = stringify([[...cells, vector]]).slice(0, -1);
          expect(split(line, 12, next, previous)).toEqual(byCsvParse(line));
          expect(split(line, 12, next, previous)).not.toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('whatever the line and the one after it: csv-parse`s fields, or null to leave the line to csv-parse', () => {
    fc.assert(
      fc.property(anyLine, fc.constantFrom(11, 12), anyLine, anyLine, (line, fields, next, previous) => {
        const own = split(line, fields, next, previous);
        if (own !== null) expect(own).toEqual(byCsvParse(line));
      }),
      { numRuns: 10_000 },
    );
  });

  test('the cached quote and CR positions follow the lines of one text', () => {
    const lines = [
      '0,0,internal,T,0.5,1,1,0,,,,"{""0"":1}"',
      '0,1,internal,T,1.5,2,1,0,,,,',
      '0,2,a,b,c,d,e,f,g,h,i,\r',
    ];
    const text = `${lines.join('\n')}\n`;
    const splitter = new OwnLineSplitter();
    splitter.reset(text);
    const second = text.indexOf('\n') + 1;
    const third = text.indexOf('\n', second) + 1;
    expect(splitter.split(0, second - 1, 12)?.[11]).toBe('{"0":1}');
    expect(splitter.split(second, third - 1, 12)?.[11]).toBe('');
    expect(splitter.split(third, text.length - 1, 12)).toBeNull();
  });
});
