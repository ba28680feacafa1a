import { expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import type { ExperimentPlan, PlannedVariant } from '../../experiment/experiment-plan.js';
import { planDifferences, StoredPlan } from '../../experiment/plan-identity.js';

const config = (overrides: object = {}) => RunConfig.parse({ durationSeconds: 10, speed: 10, ...overrides });
const variant = (name: string, trials = 2, overrides: object = {}): PlannedVariant => ({
  name,
  description: null,
  config: config(overrides),
  trials,
});

const plan: ExperimentPlan = {
  name: 'alpha',
  description: null,
  file: 'alpha.json',
  seed: 5,
  speed: 10,
  parallel: 1,
  variants: [variant('a1'), variant('a2', 2, { eventRange: 5 })],
  sweep: null,
  claims: [],
};

/** plan.json as writePlan leaves it, read back through its schema. */
const stored = (written: ExperimentPlan) => StoredPlan.parse(JSON.parse(JSON.stringify(written)));

test('the same plan, read back from plan.json, is a resume', () => {
  expect(planDifferences(stored(plan), plan)).toEqual([]);
});

test('what a resume may change: parallel, more trials, the variant order, description, claims, the file path', () => {
  const resumed: ExperimentPlan = {
    ...plan,
    file: '/elsewhere/alpha.json',
    description: 'reworded',
    parallel: 4,
    variants: [variant('a2', 5, { eventRange: 5 }), variant('a1', 3)],
    claims: [{ id: 'slow-vms-more-drift', kind: 'rate', variants: ['a1', 'a2'] }],
  };
  expect(planDifferences(stored(plan), resumed)).toEqual([]);
});

test('no engine and --engine processes are the same variant; keys in another order too', () => {
  const reordered = stored(plan);
  for (const v of reordered.variants) v.config = Object.fromEntries(Object.entries(v.config).reverse());
  const withEngine = {
    ...plan,
    variants: plan.variants.map((v) => ({ ...v, config: { ...v.config, engine: 'processes' as const } })),
  };
  expect(planDifferences(reordered, withEngine)).toEqual([]);
});

test('another experiment beside it: its name and variants named, was and now', () => {
  const beta: ExperimentPlan = { ...plan, name: 'beta', variants: [variant('b1')] };
  expect(planDifferences(stored(plan), beta)).toEqual([
    'name alpha, now beta',
    'variants a1, a2 not in this run',
    'variant b1 not in the plan',
  ]);
});

test('a variant added or left out is another experiment', () => {
  const more = { ...plan, variants: [...plan.variants, variant('a3')] };
  expect(planDifferences(stored(plan), more)).toEqual(['variant a3 not in the plan']);
  expect(planDifferences(stored(more), plan)).toEqual(['variant a3 not in this run']);
});

test('another seed, speed or duration: each once, with the variants it is in', () => {
  const faster = (v: PlannedVariant) => ({ ...v, config: { ...v.config, speed: 20 } });
  const other: ExperimentPlan = { ...plan, seed: 9, variants: plan.variants.map(faster) };
  expect(planDifferences(stored(plan), other)).toEqual(['seed 5, now 9', 'speed 10, now 20 (every variant)']);
  const one: ExperimentPlan = {
    ...plan,
    variants: [variant('a1', 2, { eventRange: 7 }), plan.variants[1] as PlannedVariant],
  };
  expect(planDifferences(stored(plan), one)).toEqual(['eventRange 10, now 7 (variant a1)']);
});

test('fewer trials is a resume too: the trials past them stay on disk for a later, larger --trials', () => {
  const fewer: ExperimentPlan = { ...plan, variants: plan.variants.map((v) => ({ ...v, trials: 1 })) };
  expect(planDifferences(stored(plan), fewer)).toEqual([]);
});

test('a long list is cut: a hundred variants named by their first few', () => {
  const many = (prefix: string) => Array.from({ length: 100 }, (_, i) => variant(`${prefix}${i}`));
  const was: ExperimentPlan = { ...plan, variants: many('x') };
  const differences = planDifferences(stored(was), { ...plan, variants: many('y') });
  expect(differences).toEqual([
    'variants x0, x1, x2, x3, x4, x5, 94 more not in this run',
    'variants y0, y1, y2, y3, y4, y5, 94 more not in the plan',
  ]);
});
