import { describe, expect, test } from '@jest/globals';
import { localEvent, receiveEvent } from '../../model/lamport-clock.js';

describe('localEvent', () => {
  test.each([0, 1, 7, 41, 1_000_000])('advances clock %i by exactly one', (clock) => {
    expect(localEvent(clock)).toEqual({ clock: clock + 1, jump: 1 });
  });
});

describe('receiveEvent', () => {
  test('carried clock ahead of local: max(local, carried) + 1 and the jump is the difference', () => {
    expect(receiveEvent(4, 10)).toEqual({ clock: 11, jump: 7 });
    expect(receiveEvent(0, 1)).toEqual({ clock: 2, jump: 2 });
  });

  test('carried clock equal to local: +1, jump 1', () => {
    expect(receiveEvent(5, 5)).toEqual({ clock: 6, jump: 1 });
  });

  test('carried clock behind local: local + 1, jump 1', () => {
    expect(receiveEvent(9, 3)).toEqual({ clock: 10, jump: 1 });
    expect(receiveEvent(9, 0)).toEqual({ clock: 10, jump: 1 });
  });

  test('a chain of receives and local events stays consistent', () => {
    let clock = 0;
    const steps: [string, number][] = [
      ['local', 0],
      ['recv', 8],
      ['local', 0],
      ['recv', 2],
      ['recv', 20],
    ];
    const seen: number[] = [];
    for (const [kind, carried] of steps) {
      const step = kind === 'local' ? localEvent(clock) : receiveEvent(clock, carried);
      expect(step.jump).toBe(step.clock - clock);
      clock = step.clock;
      seen.push(clock);
    }
    expect(seen).toEqual([1, 9, 10, 11, 21]);
  });
});
