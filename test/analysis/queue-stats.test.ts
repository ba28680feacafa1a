import { describe, expect, test } from '@jest/globals';
import { QueueTracker } from '../../analysis/queue-stats.js';

/** One row every 100 ms for `seconds`, queue length from `at(seconds)`. */
function track(seconds: number, at: (s: number) => number) {
  const tracker = new QueueTracker(100);
  for (let ms = 0; ms <= seconds * 1000; ms += 100) tracker.add(ms, at(ms / 1000));
  return tracker.stats();
}

describe('QueueTracker', () => {
  test('no rows: no figures, not unbounded', () => {
    expect(new QueueTracker(100).stats()).toEqual({
      mean: null,
      max: null,
      atLastTick: null,
      slopePerSecond: null,
      firstQuarterMean: null,
      lastQuarterMean: null,
      unbounded: false,
    });
  });

  test('steady growth is unbounded', () => {
    const stats = track(60, (s) => Math.floor(s / 2));
    expect(stats.slopePerSecond).toBeCloseTo(0.5, 1);
    expect(stats.max).toBe(30);
    expect(stats.unbounded).toBe(true);
  });

  test('a high plateau is not: the last quarter is not twice the first', () => {
    const stats = track(60, (s) => (s < 5 ? 0 : 20) + (s > 55 ? 3 : 0));
    expect(stats.slopePerSecond).toBeGreaterThan(0.05);
    expect(stats.firstQuarterMean).toBeGreaterThan(10);
    expect(stats.unbounded).toBe(false);
  });

  test('noise around zero is not: the last quarter averages under one message', () => {
    const stats = track(60, (s) => (s > 45 && Math.round(s * 10) % 3 === 0 ? 1 : 0));
    expect(stats.slopePerSecond).toBeGreaterThan(0.005);
    expect(stats.lastQuarterMean).toBeLessThan(1);
    expect(stats.unbounded).toBe(false);
  });

  test('slow growth under 0.05 per second is not', () => {
    const stats = track(60, (s) => Math.floor(s / 30));
    expect(stats.slopePerSecond).toBeLessThan(0.05);
    expect(stats.unbounded).toBe(false);
  });

  test('mean, max and the last value', () => {
    const tracker = new QueueTracker(100);
    [3, 0, 5, 2].forEach((q, i) => {
      tracker.add(i * 250, q);
    });
    expect(tracker.stats()).toMatchObject({ mean: 2.5, max: 5, atLastTick: 2 });
  });
});
