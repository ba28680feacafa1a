import { describe, expect, test } from '@jest/globals';
import { warmUpWire, wireWarmUpPlan } from '../../vm/wire-warm-up.js';

describe('warmUpWire', () => {
  test.each([100, 1000])('at %i/s every frame sent on the throwaway link arrives through the mesh', async (rate) => {
    const { rounds, batch } = wireWarmUpPlan(rate);
    expect(await warmUpWire(rate)).toBe(rounds * batch);
  });

  test('a VM fast enough to keep the optimising compiler sends more frames', () => {
    const slow = wireWarmUpPlan(100);
    const fast = wireWarmUpPlan(1000);
    expect(fast.rounds * fast.batch).toBeGreaterThan(1000);
    expect(slow.rounds * slow.batch).toBeLessThan(fast.rounds * fast.batch);
  });
});
