/**
 * The plan a run on an experiment folder follows: the experiment file's, with the base seed settled (the file's or
 * --seed, else the one the folder's plan.json recorded, else drawn). A folder whose plan.json is another
 * experiment's (plan-identity.ts), or a plan.json that cannot be read as one, is refused before anything in it is
 * written or moved: overwriting it would lose that experiment's plan and summaries.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues } from '../config/format-issues.js';
import { parseJsonText } from '../config/json-text.js';
import { maxSeed } from '../config/run-limits.js';
import { readRegularText } from '../run-folder/regular-file.js';
import { errorCode } from '../run-folder/unreadable.js';
import { printable } from '../shared/printable-text.js';
import { drawSeed } from '../shared/seeded-random.js';
import { type ExperimentPlan, planFileName } from './experiment-plan.js';
import type { LoadedExperiment } from './load-experiment.js';
import { planDifferences, StoredPlan } from './plan-identity.js';

export type SettledPlan =
  | { ok: true; plan: ExperimentPlan }
  | { ok: false; reason: 'another-experiment' | 'unreadable-plan' | 'no-seed-room'; problem: string };

export type StoredPlanRead =
  | { kind: 'none' }
  | { kind: 'plan'; plan: StoredPlan }
  | { kind: 'unreadable'; detail: string };

const maxPlanBytes = 16 * 1024 * 1024;

export async function settlePlan(dir: string, experiment: LoadedExperiment): Promise<SettledPlan> {
  const stored = await readStoredPlan(dir);
  const file = join(dir, planFileName);
  switch (stored.kind) {
    case 'none': {
      const mostTrials = Math.max(...experiment.variants.map((v) => v.trials));
      const seed = experiment.seed ?? drawSeed() % (maxSeed - mostTrials + 1);
      return { ok: true, plan: { ...experiment, seed } };
    }
    case 'unreadable':
      return {
        ok: false,
        reason: 'unreadable-plan',
        problem: printable(
          `${file} cannot be read as an experiment's plan (${stored.detail}); nothing was changed: give another --out`,
        ),
      };
    case 'plan': {
      // A resumed folder keeps the base seed it was started with, unless the file or --seed names one.
      const plan: ExperimentPlan = { ...experiment, seed: experiment.seed ?? stored.plan.seed };
      // Trial k runs with seed + k - 1: a drawn seed left room for the trials first asked for, not for more.
      const mostTrials = Math.max(...experiment.variants.map((v) => v.trials));
      if (plan.seed + mostTrials - 1 > maxSeed) {
        return {
          ok: false,
          reason: 'no-seed-room',
          problem: printable(
            `--trials: found ${mostTrials}; allowed: seed + trials - 1 <= ${maxSeed} (seed ${plan.seed} in ${file})`,
          ),
        };
      }
      const differences = planDifferences(stored.plan, plan);
      if (differences.length === 0) return { ok: true, plan };
      return {
        ok: false,
        reason: 'another-experiment',
        problem: printable(
          `${dir} holds another experiment (${planFileName}: ${differences.join('; ')}); nothing was changed: ` +
            'give another --out, or resume it with its own experiment file and options',
        ),
      };
    }
    default: {
      const never: never = stored;
      throw new Error(`unknown stored plan ${JSON.stringify(never)}`);
    }
  }
}

/**
 * plan.json as an earlier run wrote it. A link, folder or FIFO under its name is none: the plan, written whole, takes
 * the name's place without following it, or is refused there.
 */
export async function readStoredPlan(dir: string): Promise<StoredPlanRead> {
  const file = join(dir, planFileName);
  try {
    if (!(await lstat(file)).isFile()) return { kind: 'none' };
  } catch (error) {
    const code = errorCode(error);
    return code === 'ENOENT' ? { kind: 'none' } : { kind: 'unreadable', detail: `cannot read (${code})` };
  }
  const read = await readRegularText(file, maxPlanBytes);
  if (!read.ok) return { kind: 'unreadable', detail: read.detail };
  const json = parseJsonText(read.text);
  if (!json.ok) return { kind: 'unreadable', detail: json.problems.join('; ') };
  const parsed = StoredPlan.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { kind: 'unreadable', detail: formatIssues(parsed.error.issues).join('; ') };
  return { kind: 'plan', plan: parsed.data };
}
