import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { FifoQueue } from '../../model/fifo-queue.js';

describe('FifoQueue', () => {
  test('an empty queue has length 0 and shift gives undefined', () => {
    const queue = new FifoQueue<number>();
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
    expect(queue.toArray()).toEqual([]);
  });

  test('keeps order through pushes and shifts', () => {
    const queue = new FifoQueue<string>();
    queue.push('a');
    queue.push('b');
    expect(queue.shift()).toBe('a');
    queue.push('c');
    expect(queue.length).toBe(2);
    expect(queue.toArray()).toEqual(['b', 'c']);
    expect(queue.shift()).toBe('b');
    expect(queue.shift()).toBe('c');
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  test('keeps order across compaction (well over 1024 shifts)', () => {
    const queue = new FifoQueue<number>();
    let next = 0;
    let expected = 0;
    // Interleave: push 3, shift 2, so the queue grows while the head passes 1024 many times.
    for (let round = 0; round < 5000; round++) {
      for (let i = 0; i < 3; i++) queue.push(next++);
      for (let i = 0; i < 2; i++) expect(queue.shift()).toBe(expected++);
      expect(queue.length).toBe(next - expected);
    }
    expect(queue.toArray()).toEqual(Array.from({ length: next - expected }, (_, i) => expected + i));
    while (queue.length > 0) expect(queue.shift()).toBe(expected++);
    expect(expected).toBe(next);
    expect(queue.shift()).toBeUndefined();
  });

  test('push 3000 then shift all: order kept through the compaction point', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 3000; i++) queue.push(i);
    for (let i = 0; i < 1500; i++) expect(queue.shift()).toBe(i);
    expect(queue.length).toBe(1500);
    expect(queue.toArray()[0]).toBe(1500);
    queue.push(3000);
    const rest: number[] = [];
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) rest.push(item);
    expect(rest).toEqual(Array.from({ length: 1501 }, (_, i) => 1500 + i));
  });

  test('drainFrom moves every item, in order, to the end and empties the source', () => {
    const target = new FifoQueue<string>();
    const source = new FifoQueue<string>();
    target.push('t1');
    target.push('t2');
    target.shift();
    for (const s of ['s1', 's2', 's3']) source.push(s);
    target.drainFrom(source);
    expect(target.toArray()).toEqual(['t2', 's1', 's2', 's3']);
    expect(target.length).toBe(4);
    expect(source.length).toBe(0);
    expect(source.toArray()).toEqual([]);
    target.drainFrom(source);
    expect(target.toArray()).toEqual(['t2', 's1', 's2', 's3']);
  });

  test('toArray is a copy: changing it leaves the queue alone', () => {
    const queue = new FifoQueue<number>();
    queue.push(1);
    const copy = queue.toArray();
    copy.push(99);
    expect(queue.toArray()).toEqual([1]);
  });

  test('behaves like an array model under any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), count: fc.integer({ min: 1, max: 600 }) }),
      fc.record({ kind: fc.constant('shift' as const), count: fc.integer({ min: 1, max: 600 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const queue = new FifoQueue<number>();
        const model: number[] = [];
        let next = 0;
        // One expect per operation, not per item: a million expect calls took 34 s on a loaded machine.
        for (const [index, { kind, count }] of ops.entries()) {
          const shifted: (number | undefined)[] = [];
          const expected: (number | undefined)[] = [];
          for (let i = 0; i < count; i++) {
            if (kind === 'push') {
              queue.push(next);
              model.push(next++);
            } else {
              shifted.push(queue.shift());
              expected.push(model.shift());
            }
          }
          expect({ op: index, shifted, length: queue.length }).toEqual({
            op: index,
            shifted: expected,
            length: model.length,
          });
        }
        expect(queue.toArray()).toEqual(model);
      }),
      { numRuns: 100 },
    );
  });
});
