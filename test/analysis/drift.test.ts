import { describe, expect, test } from '@jest/globals';
import { computeDrift } from '../../analysis/drift.js';

describe('computeDrift', () => {
  test('each clock minus the highest at each grid point', () => {
    // t = 1, 2, 3 s; VM 0 leads, then VM 1 takes over at the end.
    const [d0, d1] = computeDrift(
      [
        [2, 4, 5],
        [1, 2, 7],
      ],
      1000,
    );
    expect(d0).toEqual({ gridPoints: 3, mean: -2 / 3, worst: -2, end: -2, slopePerSecond: -1 });
    expect(d1?.mean).toBeCloseTo(-3 / 3, 12);
    expect(d1?.worst).toBe(-2);
    expect(d1?.end).toBe(0);
    // drift -1, -2, 0 at t = 1, 2, 3: slope of the best line is 0.5.
    expect(d1?.slopePerSecond).toBeCloseTo(0.5, 12);
  });

  test('a VM with a shorter grid (it stopped) is out of the reference after its last point', () => {
    const [d0, d1] = computeDrift([[1, 2, 3, 4], [9]], 500);
    // While VM 1 logs it leads by 8; after it VM 0 is alone and leads itself.
    expect(d0).toMatchObject({ gridPoints: 4, worst: -8, end: 0 });
    expect(d0?.mean).toBeCloseTo(-8 / 4, 12);
    expect(d1).toEqual({ gridPoints: 1, mean: 0, worst: 0, end: 0, slopePerSecond: null });
  });

  test('no grid points: no figures', () => {
    expect(computeDrift([[]], 100)).toEqual([
      { gridPoints: 0, mean: null, worst: null, end: null, slopePerSecond: null },
    ]);
  });
});
