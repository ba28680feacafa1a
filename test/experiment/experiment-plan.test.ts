import { expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import { type ExperimentPlan, trialsOf } from '../../experiment/experiment-plan.js';

const config = (eventRange: number, speed = 1) => RunConfig.parse({ eventRange, durationSeconds: 30, speed });

const plan: ExperimentPlan = {
  name: 'study',
  description: null,
  file: 'study.json',
  seed: 100,
  speed: null,
  parallel: 1,
  variants: [
    { name: 'a', description: null, config: config(10, 10), trials: 3 },
    { name: 'b', description: null, config: config(5), trials: 1 },
  ],
  sweep: null,
  claims: [],
};

test('trials go round-robin over the variants, trial k with seed + k - 1 in every variant', () => {
  const trials = trialsOf(plan, '/x/study-1', 'study-1');
  expect(trials.map((t) => `${t.variant}${t.k}/${t.of}:${t.seed}`)).toEqual([
    'a1/3:100',
    'b1/1:100',
    'a2/3:101',
    'a3/3:102',
  ]);
  expect(trials.map((t) => t.config.seed)).toEqual([100, 100, 101, 102]);
});

test('each trial has its own run folder, run id and config with its seed', () => {
  const [first, second] = trialsOf(plan, '/x/study-1', 'study-1');
  expect(first?.dir).toBe('/x/study-1/a/trial-1');
  expect(first?.runId).toMatch(/^study-1-a-trial-1-[0-9a-f]{6}$/);
  // Never the same twice: the id names the run's scratch folder on remote hosts.
  expect(trialsOf(plan, '/x/study-1', 'study-1')[0]?.runId).not.toBe(first?.runId);
  expect(trialsOf(plan, '/x/study-1', 'study-1', () => 'tag')[0]?.runId).toBe('study-1-a-trial-1-tag');
  expect(first?.config).toEqual({ ...plan.variants[0]?.config, seed: 100 });
  expect(first?.realDurationMs).toBe(3000);
  expect(second?.config.eventRange).toBe(5);
  expect(second?.realDurationMs).toBe(30_000);
});
