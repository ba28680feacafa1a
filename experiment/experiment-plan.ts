/**
 * What an experiment will run: its variants' validated configs, and the trials in the order they run. Trial k of
 * every variant uses seed `seed + k - 1`, so the variants are compared on the same random streams (paired trials),
 * and trials go round-robin (trial 1 of every variant, then trial 2, ...) so that a stop halfway or a machine that
 * slows down over time touches every variant alike.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { writeFileAtomically } from '../run-folder/exclusive-file.js';
import { type IoFailure, orIoFailure } from '../run-folder/io-failure.js';
import type { PlannedClaim } from './plan-claims.js';
import type { SweepValues } from './sweep-grid.js';

export type PlannedVariant = {
  name: string;
  description: string | null;
  /** Validated, with the experiment's speed (and any --duration) applied; no seed: each trial has its own. */
  config: RunConfig;
  trials: number;
  /** A sweep's grid point: the value of each swept key path. */
  sweepValues?: SweepValues;
};

export type ExperimentPlan = {
  name: string;
  description: string | null;
  /** The experiment file it came from. */
  file: string;
  seed: number;
  /** The speed given for the whole experiment (file or --speed); null: each variant runs at its config's speed. */
  speed: number | null;
  parallel: number;
  variants: PlannedVariant[];
  /** The swept key paths and their values, in the file's order; null without a sweep. */
  sweep: Record<string, SweepValues[string][]> | null;
  claims: PlannedClaim[];
};

export type Trial = {
  variant: string;
  /** 1-based trial number within its variant, and how many the variant has. */
  k: number;
  of: number;
  seed: number;
  config: RunConfig & { seed: number };
  dir: string;
  runId: string;
  /** How long the run lasts in real time: durationSeconds / speed. */
  realDurationMs: number;
};

export const trialFolder = (k: number): string => `trial-${k}`;

/**
 * A trial's run id ends in a few random bytes, as a run's own does (launcher/resolve-run.ts): the id names the run's
 * scratch folder on each remote host (`logs/.remote-<run id>`), so two experiments into folders of the same name
 * (`a/exp`, `b/exp`) running at once on one host, or a trial run again after one whose host kept its scratch folder,
 * would otherwise meet in one folder there (EEXIST: the second trial failed).
 */
const trialRunTag = (): string => randomBytes(3).toString('hex');

export function trialsOf(
  plan: ExperimentPlan,
  outDir: string,
  experimentId: string,
  tag: () => string = trialRunTag,
): Trial[] {
  const trials: Trial[] = [];
  const most = Math.max(...plan.variants.map((variant) => variant.trials));
  for (let k = 1; k <= most; k++) {
    for (const variant of plan.variants) {
      if (k > variant.trials) continue;
      const seed = plan.seed + k - 1;
      trials.push({
        variant: variant.name,
        k,
        of: variant.trials,
        seed,
        config: { ...variant.config, seed },
        dir: join(outDir, variant.name, trialFolder(k)),
        runId: `${experimentId}-${variant.name}-${trialFolder(k)}-${tag()}`,
        realDurationMs: (variant.config.durationSeconds * 1000) / variant.config.speed,
      });
    }
  }
  return trials;
}

/** `plan.json` in the experiment folder: what was asked for, and the base seed a resumed run must reuse. */
export const planFileName = 'plan.json';

/** Whole, and never through a link planted in the folder; a full disk or a name in the way is a value. */
export function writePlan(outDir: string, plan: ExperimentPlan): Promise<{ kind: 'written' } | IoFailure> {
  return orIoFailure(async () => {
    await writeFileAtomically(join(outDir, planFileName), `${JSON.stringify(plan, null, 2)}\n`);
    return { kind: 'written' as const };
  });
}
