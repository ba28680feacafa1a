/**
 * The experiment file schema: variants (each a run config, or overrides on the experiment's base config), trials per
 * variant and a base seed. Each variant's merged config is then validated by the RunConfig schema itself (see
 * experiment/variant-config.ts), so a variant can never run something `launcher run` would refuse.
 */

import { z } from 'zod';
import { counted } from '../shared/counted.js';
import { ClaimRequest } from './claim-request.js';
import { maxSeed } from './run-limits.js';

/** Folder-safe: a variant name becomes `<experiment>/<variant>/`. */
const folderName = z.string().refine((name) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(name), {
  message: 'allowed: lower-case letters, digits and "-" (not first), at most 64 characters',
});

/** A path to a run config (relative to the experiment file) or a run config written inline. */
const configSource = z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
  error: 'allowed: a path to a run config (relative to the experiment file) or a run config object',
});

const trials = z.int().min(1).max(1000);

/** A swept value: what a config key can hold in a sweep, and what a variant name can be made of. */
const SweepValue = z.union([z.number(), z.string().regex(/^[A-Za-z0-9.-]{1,32}$/), z.boolean()]);
export type SweepValue = z.infer<typeof SweepValue>;

/** `"clockRate.max"`: a run config key, or a path into one with dots. */
const sweepKey = z.string().regex(/^[A-Za-z]+(\.[A-Za-z]+)*$/, 'allowed: a config key path like "clockRate.max"');

export const maxVariants = 200;

export const ExperimentVariant = z.strictObject({
  name: folderName.describe('Folder name of the variant: <experiment>/<name>/trial-<k>/.'),
  description: z.string().optional(),
  config: configSource.optional().describe("The variant's own run config, instead of the experiment's base."),
  overrides: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Keys of a run config set on top of the base (or of config); clockRate replaces clockRates and back.'),
  trials: trials.optional().describe("Trials of this variant; default: the experiment's trials."),
});
export type ExperimentVariant = z.infer<typeof ExperimentVariant>;

export const ExperimentConfig = z
  .strictObject({
    $schema: z.string().optional(),
    name: folderName.optional().describe('Experiment name; default: the file name. Folders: logs/<name>-<time>/.'),
    description: z.string().optional(),
    base: configSource.default({}).describe('The run config every variant starts from (unless it names its own).'),
    trials: trials.default(5).describe('Trials per variant.'),
    seed: z
      .int()
      .min(0)
      .max(maxSeed)
      .optional()
      .describe('Base seed: trial k of every variant runs with seed + k - 1. Drawn and recorded when absent.'),
    speed: z.number().min(0.01).max(1000).optional().describe('Time compression for every trial (overrides configs).'),
    parallel: z.int().min(1).max(8).default(1).describe('Trials run at once (1: one after another).'),
    variants: z.array(ExperimentVariant).max(maxVariants).default([]),
    sweep: z
      .record(sweepKey, z.array(SweepValue).min(1).max(50))
      .optional()
      .describe('One variant per point of the grid of these config key paths and values, on top of base.'),
    claims: z.array(ClaimRequest).max(50).default([]).describe("The notebook's claims to judge (README: Claims)."),
  })
  .superRefine((experiment, ctx) => {
    const seen = new Set<string>();
    experiment.variants.forEach((variant, i) => {
      if (seen.has(variant.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'name'],
          message: `found "${variant.name}"; allowed: a name no other variant has`,
        });
      }
      seen.add(variant.name);
      for (const key of ['seed', 'speed'] as const) {
        if (key in variant.overrides) {
          ctx.addIssue({
            code: 'custom',
            path: ['variants', i, 'overrides', key],
            message: `found ${JSON.stringify(variant.overrides[key])}; allowed: only for the whole experiment ("${key}" at the top level or --${key})`,
          });
        }
      }
    });
    for (const key of Object.keys(experiment.sweep ?? {})) {
      const top = key.split('.')[0];
      if (top === 'seed' || top === 'speed') {
        ctx.addIssue({
          code: 'custom',
          path: ['sweep', key],
          message: `found "${key}"; allowed: a key other than seed and speed (they are the whole experiment's)`,
        });
      }
    }
    const points = Object.values(experiment.sweep ?? {}).reduce((product, values) => product * values.length, 1);
    const total = experiment.variants.length + (experiment.sweep === undefined ? 0 : points);
    if (total === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: 'found none; allowed: at least one variant or a sweep',
      });
    }
    if (total > maxVariants) {
      ctx.addIssue({
        code: 'custom',
        path: ['sweep'],
        message: `found ${total} variants (${experiment.variants.length} named, ${counted(points, 'sweep point')}); allowed: at most ${maxVariants}`,
      });
    }
    const mostTrials = Math.max(experiment.trials, ...experiment.variants.map((v) => v.trials ?? 0));
    if (experiment.seed !== undefined && experiment.seed + mostTrials - 1 > maxSeed) {
      ctx.addIssue({
        code: 'custom',
        path: ['seed'],
        message: `found ${experiment.seed}; allowed: seed + trials - 1 <= ${maxSeed}`,
      });
    }
  });
export type ExperimentConfig = z.infer<typeof ExperimentConfig>;
