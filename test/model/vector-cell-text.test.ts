import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { csvVectorCell } from '../../model/csv-row.js';
import { VectorCellText } from '../../model/vector-cell-text.js';
import { vectorLocalEvent, vectorReceiveEvent } from '../../model/vector-clock.js';

describe('VectorCellText', () => {
  test('gives the cell csvVectorCell gives, row after row, as a VM clock moves', () => {
    const cells = new VectorCellText();
    let vector = [0, 0, 0, 0];
    expect(cells.text(vector)).toBe('{}');
    vector = vectorLocalEvent(vector, 1);
    expect(cells.text(vector)).toBe('"{""1"":1}"');
    vector = vectorReceiveEvent(vector, [3, 0, 0, 5], 1);
    expect(cells.text(vector)).toBe('"{""0"":3,""1"":2,""3"":5}"');
    vector = vectorLocalEvent(vector, 1);
    expect(cells.text(vector)).toBe('"{""0"":3,""1"":3,""3"":5}"');
  });

  test('equals csvVectorCell for any sequence of vectors (entries raised, zeroed, lengths changed)', () => {
    const vectors = fc.array(fc.array(fc.oneof(fc.constant(0), fc.nat(40)), { maxLength: 12 }), { maxLength: 30 });
    fc.assert(
      fc.property(vectors, (sequence) => {
        const cells = new VectorCellText();
        for (const vector of sequence) expect(cells.text(vector)).toBe(csvVectorCell(vector));
      }),
      { numRuns: 2000 },
    );
  });

  test('equals csvVectorCell along a run of the clock rules, for 64 VMs', () => {
    const machines = 64;
    const step = fc.record({ self: fc.nat(machines - 1), from: fc.nat(machines - 1), receive: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 200 }), (steps) => {
        const clocks = Array.from({ length: machines }, () => new Array<number>(machines).fill(0));
        const cells = clocks.map(() => new VectorCellText());
        for (const { self, from, receive } of steps) {
          const own = clocks[self] as number[];
          const next = receive ? vectorReceiveEvent(own, clocks[from] as number[], self) : vectorLocalEvent(own, self);
          clocks[self] = next;
          expect(cells[self]?.text(next)).toBe(csvVectorCell(next));
        }
      }),
      { numRuns: 200 },
    );
  });
});
