import { describe, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import { trialFigures } from '../../experiment/trial-figures.js';
import { variantSummary } from '../../experiment/variant-summary.js';
import { vmPoints } from '../../experiment/vm-points.js';
import { runAnalysis, vmAnalysis } from './analysis-fixture.js';

const vm = (id: number, rate: number, jumps: number[]) =>
  vmAnalysis(id, { rate, achieved: rate, jumps, drift: { mean: -id, worst: -id }, queue: { mean: id, max: id } });
const trial = (jumps: number[]) => runAnalysis([vm(0, 1, jumps), vm(1, 3, [1, 1])]);

describe('variantSummary', () => {
  const variant = {
    name: 'original',
    description: null,
    config: RunConfig.parse({ machines: 2, clockRates: [1, 3], durationSeconds: 10, speed: 2 }),
    trials: 3,
  };
  const analyses = [trial([1, 3]), trial([1, 5])];
  const records = [
    ...analyses.map((analysis) => ({ variant: 'original', figures: trialFigures(analysis) })),
    { variant: 'original', figures: null },
    { variant: 'other', figures: trialFigures(trial([9])) },
  ];
  const points = analyses.flatMap((analysis, i) => vmPoints('original', i + 1, analysis));
  const summary = variantSummary(variant, records, [...points, ...vmPoints('other', 1, trial([9]))]);

  test('its setup, and its trials planned and complete; other variants left out', () => {
    expect(summary).toMatchObject({
      name: 'original',
      setup: { machines: 2, clockRates: '1,3', eventRange: 10, durationSeconds: 10, speed: 2 },
      trials: { planned: 3, ok: 2 },
    });
    expect(summary.figures.jumpMax).toMatchObject({ n: 2, mean: 4, min: 3, max: 5 });
  });

  test('its VMs by clock rate: the mean of each figure over the VMs at that rate', () => {
    expect(summary.byRate).toEqual([
      { rate: 1, vms: 2, achievedRate: 1, jumpMean: 2.5, driftMean: 0, queueMean: 0 },
      { rate: 3, vms: 2, achievedRate: 3, jumpMean: 1, driftMean: -1, queueMean: 1 },
    ]);
  });
});
