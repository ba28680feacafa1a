import { describe, expect, test } from '@jest/globals';
import { clockRatesFor, defaultClockRate } from '../../config/clock-rates.js';
import { launcherStream, seededRandom } from '../../shared/seeded-random.js';

describe('clockRatesFor', () => {
  test('uses the fixed clockRates when given, whatever the seed', () => {
    const config = { machines: 3, clockRates: [5, 1, 9] };
    expect(clockRatesFor(config, 1)).toEqual([5, 1, 9]);
    expect(clockRatesFor(config, 2)).toEqual([5, 1, 9]);
  });

  test('returns a copy of the fixed rates', () => {
    const clockRates = [2, 3];
    const rates = clockRatesFor({ machines: 2, clockRates }, 0);
    rates[0] = 100;
    expect(clockRates).toEqual([2, 3]);
  });

  test('draws one rate per VM within the range', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rates = clockRatesFor({ machines: 8, clockRate: { min: 3, max: 5 } }, seed);
      expect(rates).toHaveLength(8);
      for (const rate of rates) {
        expect(Number.isInteger(rate)).toBe(true);
        expect(rate).toBeGreaterThanOrEqual(3);
        expect(rate).toBeLessThanOrEqual(5);
      }
    }
  });

  test('draws from the launcher stream, in VM id order', () => {
    const random = seededRandom(77, launcherStream);
    const expected = Array.from({ length: 5 }, () => random.int(10, 1000));
    expect(clockRatesFor({ machines: 5, clockRate: { min: 10, max: 1000 } }, 77)).toEqual(expected);
  });

  test('is deterministic per seed, and seeds differ', () => {
    const config = { machines: 16, clockRate: { min: 1, max: 100_000 } };
    expect(clockRatesFor(config, 123)).toEqual(clockRatesFor(config, 123));
    expect(clockRatesFor(config, 123)).not.toEqual(clockRatesFor(config, 124));
  });

  test('without clockRate or clockRates uses 1..6', () => {
    expect(defaultClockRate).toEqual({ min: 1, max: 6 });
    const seen = new Set<number>();
    for (let seed = 0; seed < 30; seed++) for (const rate of clockRatesFor({ machines: 10 }, seed)) seen.add(rate);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(clockRatesFor({ machines: 10 }, 5)).toEqual(
      clockRatesFor({ machines: 10, clockRate: { min: 1, max: 6 } }, 5),
    );
  });

  test('a range of one value gives that value to every VM', () => {
    expect(clockRatesFor({ machines: 4, clockRate: { min: 7, max: 7 } }, 9)).toEqual([7, 7, 7, 7]);
  });
});
