import { describe, expect, test } from '@jest/globals';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvRow } from '../../vm/csv-row.js';
import { formatVector } from '../../vm/vector-clock.js';

describe('csvRow', () => {
  test('plain fields are joined, a vector_clock cell is quoted with its quotes doubled', () => {
    expect(csvRow([0, 3, 'send', '1;2', '0-4', 12.5, ''])).toBe('0,3,send,1;2,0-4,12.5,\n');
    expect(csvRow([1, formatVector([2, 0, 7])])).toBe('1,"{""0"":2,""2"":7}"\n');
  });

  test('writes exactly what csv-stringify writes, for any strings and numbers', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', ';', '{', '1') }),
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 12 }), (cells) => {
        expect(csvRow(cells)).toBe(stringify([cells]));
      }),
      { numRuns: 2000 },
    );
  });

  test('a row with a formatted vector of any size matches csv-stringify', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 70 }), (vector) => {
        const cells = [5, 17, 'receive', formatVector(vector)];
        expect(csvRow(cells)).toBe(stringify([cells]));
      }),
    );
  });
});
