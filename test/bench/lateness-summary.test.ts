import { describe, expect, test } from '@jest/globals';
import { summarizeLateness } from '../../bench/lateness-summary.js';

describe('summarizeLateness', () => {
  test('on time is at most one period late, over the ticks due; a tick never run counts as late', () => {
    // 100/s for 0.1 s: 10 ticks due, 9 run; tick 3 exactly one period late (on time), tick 5 just over.
    const late = [0.1, 0.2, 0.3, 10, 0.1, 10.001, 0.2, 0.1, 0.3];
    const summary = summarizeLateness(late, 100, 0.1);
    expect(summary.ticks).toBe(9);
    expect(summary.onTime).toBe(8);
    expect(summary.onTimeShare).toBeCloseTo(0.8, 12);
    expect(summary.maxLateMs).toBe(10.001);
    // Tick 5 is due at 50 ms: 10 ms slot 5.
    expect(summary.lateSlots).toEqual([5]);
  });

  test('late ticks due in the first 100 ms are counted by their tick number, not their position', () => {
    // At 10/s only tick 0 is due within the first 100 ms (tick 1 is due at 100 ms).
    const summary = summarizeLateness([150, 150, 150], 10, 1, [0, 1, 5]);
    expect(summary.lateEarly).toBe(1);
    expect(summarizeLateness([150, 0, 0], 1000, 1).lateEarly).toBe(1);
  });
});
