import { describe, expect, test } from '@jest/globals';
import { vmPoints } from '../../experiment/vm-points.js';
import { runAnalysis, vmAnalysis } from './analysis-fixture.js';

/** A VM of a trial: only what a point takes from it matters here. */
const vm = (id: number, rate: number, jumps: number[], drift: number, queue: number) =>
  vmAnalysis(id, { rate, achieved: rate, jumps, drift: { mean: drift, worst: drift }, queue: { mean: queue, max: 8 } });
const slow = vm(0, 1, [1, 1, 4, 6], -10, 3);
const fast = vm(1, 6, [1, 1, 1, 1, 1, 1, 1, 2], 0, 0.5);

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
