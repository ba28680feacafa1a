import { describe, expect, test } from '@jest/globals';
import type { TickTimer } from '../../vm/tick-scheduler.js';
import { warmUp, warmUpRounds } from '../../vm/warm-up.js';

const fakeTimer = (): TickTimer & { blocked: number[] } => {
  const blocked: number[] = [];
  return {
    blocked,
    now: () => 1000,
    setTimer: () => ({ cancel: () => {} }),
    waitPrecise: () => {},
    block: (ms) => blocked.push(ms),
    setImmediate: () => {},
  };
};

describe('warmUp', () => {
  test('runs the tick path (rows, frames) on throwaway state, and one short blocking wait', () => {
    const timer = fakeTimer();
    const produced = warmUp(2, 4, 10, 100, timer);
    // 64 rows of at least 40 characters each, plus the frames of the sends among them.
    expect(produced).toBeGreaterThan(64 * 40);
    expect(timer.blocked).toEqual([0.01]);
  });

  test('a VM fast enough to keep the optimising compiler warms up for longer', () => {
    expect(warmUpRounds(100)).toBe(64);
    expect(warmUpRounds(1000)).toBeGreaterThan(1000);
  });
});
