import { describe, expect, test } from '@jest/globals';
import { LeastSquares } from '../../analysis/least-squares.js';

describe('LeastSquares', () => {
  test('recovers the slope of an exact line', () => {
    const fit = new LeastSquares();
    for (let x = 0; x < 10; x++) fit.add(x, 3 - 0.5 * x);
    expect(fit.slope()).toBeCloseTo(-0.5, 12);
    expect(fit.meanY).toBeCloseTo(3 - 0.5 * 4.5, 12);
    expect(fit.count).toBe(10);
  });

  test('no slope from fewer than two distinct x', () => {
    const fit = new LeastSquares();
    expect(fit.slope()).toBeNull();
    expect(fit.meanY).toBeNull();
    fit.add(1, 1);
    fit.add(1, 5);
    expect(fit.slope()).toBeNull();
    expect(fit.meanY).toBe(3);
  });

  test('keeps its digits over a million points far from the origin (a day in seconds)', () => {
    const fit = new LeastSquares();
    for (let i = 0; i < 1_000_000; i++) {
      const x = 86_000 + i * 0.0004;
      fit.add(x, 0.02 * x + (i % 2 === 0 ? 1 : -1));
    }
    expect(fit.slope()).toBeCloseTo(0.02, 6);
  });
});
