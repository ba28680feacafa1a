import { describe, expect, test } from '@jest/globals';
import { vmPoints } from '../../experiment/vm-points.js';
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

describe('vmPoints', () => {
  test('one point per VM with its configured rate and figures', () => {
    const points = vmPoints('original', 2, runAnalysis([slow, fast]));
    expect(points).toEqual([
      expect.objectContaining({ variant: 'original', trial: 2, vm: 0, configuredRate: 1, jumpMean: 3, gapCount: 2 }),
      expect.objectContaining({
        variant: 'original',
        trial: 2,
        vm: 1,
        configuredRate: 6,
        driftMean: 0,
        queueMean: 0.5,
      }),
    ]);
  });
});
