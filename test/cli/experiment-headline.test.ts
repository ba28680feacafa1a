import { expect, test } from '@jest/globals';
import { experimentHeadline } from '../../cli/experiment-headline.js';
import { RunConfig } from '../../config/run-config.js';
import type { ExperimentPlan, Trial } from '../../experiment/experiment-plan.js';

const trial: Trial = {
  ...{ variant: 'only', k: 1, of: 1, seed: 7, dir: '/x/only/trial-1', runId: 'x', realDurationMs: 3000 },
  config: { ...RunConfig.parse({}), seed: 7 },
};
const plan = {
  ...{ name: 'one', description: null, file: 'one.json', seed: 7, speed: null, parallel: 1 },
  variants: [{ name: 'only' }],
  sweep: null,
  claims: [],
} as unknown as ExperimentPlan;

test('one variant of one trial reads "1 variant, 1 trial", not "1 variants, 1 trials"', () => {
  expect(experimentHeadline(plan, [trial], [trial])).toMatch(
    /^clocklab experiment one: 1 variant, 1 trial, base seed 7;/,
  );
});
