import { describe, expect, test } from '@jest/globals';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvCell, csvVectorCell } from '../../model/csv-row.js';
import { formatVector } from '../../model/vector-clock.js';

/** csv-stringify's text for one cell: the record of that cell alone, without its line end. */
const stringified = (cell: string | number) => stringify([[cell]]).slice(0, -1);

describe('csvCell', () => {
  test('plain text and numbers stay as they are; a comma, quote, CR or newline means quotes', () => {
    expect([0, 12.5, 'send', '1;2', '0-4', ''].map(csvCell)).toEqual(['0', '12.5', 'send', '1;2', '0-4', '']);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
  });

  test('writes exactly what csv-stringify writes, for any string or number', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', ';', '{', '1') }),
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(cell, (value) => {
        // An empty string is a cell csv-stringify writes as nothing, like csvCell; a lone one is a special record.
        fc.pre(value !== '');
        expect(csvCell(value)).toBe(stringified(value));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('csvVectorCell', () => {
  test('is the quoted compact JSON of the vector', () => {
    expect(csvVectorCell([2, 0, 7])).toBe('"{""0"":2,""2"":7}"');
    expect(csvVectorCell([0, 0])).toBe('{}');
  });

  test('equals csv-stringify quoting formatVector, for vectors of any size', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 70 }), (vector) => {
        expect(csvVectorCell(vector)).toBe(stringified(formatVector(vector)));
      }),
    );
  });
});
