import { describe, expect, test } from '@jest/globals';
import { figures, trialFigures } from '../../experiment/trial-figures.js';
import { runAnalysis, vmAnalysis } from './analysis-fixture.js';

const slow = vmAnalysis(0, {
  rate: 1,
  achieved: 0.9,
  jumps: [1, 1, 4, 6],
  drift: { mean: -10, worst: -25 },
  queue: { mean: 3, max: 8, unbounded: true },
  late: { ticks: 2, share: 0.5, p99Ms: 150, maxMs: 150 },
});
const fast = vmAnalysis(1, {
  rate: 6,
  achieved: 6,
  jumps: [1, 1, 1, 1, 1, 1, 1, 2],
  drift: { mean: 0, worst: -2 },
  queue: { mean: 0.5, max: 2 },
});
const noGaps = vmAnalysis(2, {
  rate: 3,
  achieved: 3,
  jumps: [1, 1, 1, 1],
  drift: { mean: -1, worst: -4 },
  queue: { mean: null, max: null },
});

describe('trialFigures', () => {
  const result = trialFigures(runAnalysis([slow, fast, noGaps]));

  test('means over VMs, worst cases over VMs, sums over events', () => {
    expect(result.jumpMean).toBeCloseTo((3 + 9 / 8 + 1) / 3);
    expect(result.jumpMax).toBe(6);
    expect(result.gapShare).toBeCloseTo(3 / 16);
    // VMs without gaps have no gap mean and are left out of it.
    expect(result.gapMean).toBeCloseTo((5 + 2) / 2);
    expect(result.driftMean).toBeCloseTo(-11 / 3);
    expect(result.driftWorst).toBe(-25);
    expect(result.queueMean).toBeCloseTo(3.5 / 2);
    expect(result.queueMax).toBe(8);
    expect(result.unboundedQueues).toBe(1);
    expect(result.rateRatio).toBeCloseTo((0.9 + 1 + 1) / 3);
    expect(result.rateRatioMin).toBeCloseTo(0.9);
    // 2 of the slow VM's 4 ticks ran over a period late, none of the others' 12.
    expect(result.lateShare).toBe(2 / 16);
  });

  test('gives one value for every figure, and null when no VM has it', () => {
    expect(Object.keys(result).sort()).toEqual(figures.map((f) => f.key).sort());
    const empty = trialFigures(runAnalysis([noGaps]));
    expect(empty.gapMean).toBeNull();
    expect(empty.queueMean).toBeNull();
    expect(empty.gapShare).toBe(0);
  });

  test('every figure says how it is computed', () => {
    for (const figure of figures) expect(figure.about.length).toBeGreaterThan(20);
  });
});
