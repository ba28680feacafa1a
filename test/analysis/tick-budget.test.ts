import { describe, expect, test } from '@jest/globals';
import { expectedTicks, judgeTicks, tickTolerance } from '../../analysis/tick-budget.js';

describe('tick budget', () => {
  test('rate x duration ticks, give or take max(2, 2%)', () => {
    expect(expectedTicks(6, 60)).toBe(360);
    expect(tickTolerance(360)).toBeCloseTo(7.2, 12);
    expect(tickTolerance(10)).toBe(2);
  });

  test('short, ok and long', () => {
    expect(judgeTicks(352, 360)).toBe('short');
    expect(judgeTicks(353, 360)).toBe('ok');
    expect(judgeTicks(367, 360)).toBe('ok');
    expect(judgeTicks(368, 360)).toBe('long');
    expect(judgeTicks(8, 10)).toBe('ok');
    expect(judgeTicks(7, 10)).toBe('short');
  });
});
