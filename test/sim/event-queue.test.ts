import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { EventQueue } from '../../sim/event-queue.js';

describe('the simulation agenda', () => {
  test('pops by time, ties in the order they were pushed, whatever the pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const queue = new EventQueue<number>();
        for (const [i, time] of times.entries()) queue.push(time, i);
        const popped: string[] = [];
        for (let event = queue.pop(); event !== undefined; event = queue.pop()) popped.push(`${queue.time}:${event}`);
        const expected = times
          .map((time, i) => ({ time, i }))
          .sort((a, b) => a.time - b.time || a.i - b.i)
          .map((e) => `${e.time}:${e.i}`);
        expect(popped).toEqual(expected);
      }),
    );
  });

  test('events pushed while popping keep the order (a tick that schedules the next)', () => {
    const queue = new EventQueue<string>();
    queue.push(1, 'a');
    queue.push(1, 'b');
    const seen: string[] = [];
    for (let event = queue.pop(); event !== undefined; event = queue.pop()) {
      seen.push(event);
      if (event === 'a') queue.push(1, 'c');
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});
