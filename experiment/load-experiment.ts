/**
 * Reading an experiment file at the edge: JSON (a key given twice is refused), the experiment schema, every variant's
 * config validated as a run config (plan-variants.ts), its claims, and what its trials need together (ports apart in
 * parallel, room for every trial's seed). Every problem is a line; nothing runs unless all of them pass.
 */
import { basename, extname } from 'node:path';
import { readConfigText } from '../config/config-text.js';
import type { ExperimentConfig } from '../config/experiment-config.js';
import { parseJsonText } from '../config/json-text.js';
import { parseExperimentConfig } from '../config/parse-experiment.js';
import { maxSeed } from '../config/run-limits.js';
import type { ExperimentPlan } from './experiment-plan.js';
import { planClaims } from './plan-claims.js';
import { planVariants, type VariantOverrides } from './plan-variants.js';
import { readConfigSource } from './variant-config.js';

/** Command-line options (each overrides the experiment file): the variants' own, and the whole experiment's. */
export type ExperimentOverrides = VariantOverrides & { seed?: number; parallel?: number };

/** The plan before the seed is settled: absent here, it comes from an earlier run of the folder or is drawn. */
export type LoadedExperiment = Omit<ExperimentPlan, 'seed'> & { seed: number | undefined };

export type LoadExperimentResult =
  | { ok: true; experiment: LoadedExperiment }
  | { ok: false; reason: 'unreadable' | 'not-json' | 'duplicate-key' | 'invalid'; problems: string[] };

/** `onWait` hears that `file` is a FIFO waiting for a writer (config-text.ts). */
export async function loadExperiment(
  file: string,
  overrides: ExperimentOverrides = {},
  onWait?: (line: string) => void,
): Promise<LoadExperimentResult> {
  const read = await readConfigText(file, 'experiment', onWait);
  if (!read.ok) return { ok: false, reason: 'unreadable', problems: [`${file}: ${read.problem}`] };
  const json = parseJsonText(read.text);
  if (!json.ok) return { ok: false, reason: json.reason, problems: json.problems.map((line) => `${file}: ${line}`) };
  const raw = json.value;
  const parsed = parseExperimentConfig(raw, file);
  // Variants the schema refused are set aside, and the rest checked on: every variant's problems in one pass.
  const kept: { experiment: ExperimentConfig; at?: number[] } | undefined = parsed.ok ? parsed : parsed.kept;
  const refused = parsed.ok ? [] : parsed.problems;
  if (kept === undefined) return { ok: false, reason: 'invalid', problems: refused };
  const experiment = kept.experiment;

  const base = await readConfigSource(experiment.base, file);
  if (!base.ok) {
    const problems = [...refused, ...base.problems.map((line) => `${file}: base: ${line}`)];
    return { ok: false, reason: 'invalid', problems };
  }
  const planned = await planVariants(file, raw, experiment, base.raw, overrides, kept.at);
  const { variants } = planned;
  const problems = [...refused, ...planned.problems];
  const speed = overrides.speed ?? experiment.speed;
  // A claim naming a variant refused above is not blamed for it: that variant's own lines say what is wrong.
  const claims = planClaims(
    experiment.claims,
    variants.map((variant) => variant.name),
    writtenNames(raw),
  );
  if (!claims.ok) problems.push(...claims.problems.map((line) => `${file}: ${line}`));
  const parallel = overrides.parallel ?? experiment.parallel;
  if (parallel > 1) {
    // Sim trials open no ports, so they cannot collide.
    for (const variant of variants.filter((v) => v.config.network.basePort !== 0 && v.config.engine !== 'sim')) {
      problems.push(
        `${file}: variant "${variant.name}": network.basePort: found ${variant.config.network.basePort}; ` +
          `allowed: 0 when trials run in parallel (${overrides.parallel === undefined ? '' : '--parallel '}${parallel}), ` +
          'or they would share ports',
      );
    }
  }
  const mostTrials = Math.max(0, ...variants.map((variant) => variant.trials));
  problems.push(...seedRoom(overrides, experiment.seed, mostTrials, file));
  // A flag's problem is the same in every variant: said once.
  if (problems.length > 0) return { ok: false, reason: 'invalid', problems: [...new Set(problems)] };
  return {
    ok: true,
    experiment: {
      name: experiment.name ?? folderSafe(basename(file, extname(file))),
      description: experiment.description ?? null,
      file,
      seed: overrides.seed ?? experiment.seed,
      speed: speed ?? null,
      parallel,
      variants,
      sweep: experiment.sweep ?? null,
      claims: claims.ok ? claims.claims : [],
    },
  };
}

/**
 * Trial k runs with seed + k - 1, which must stay a valid seed: blamed on --seed, or on --trials when the seed is the
 * file's (the schema made sure it left room for the file's own trials, not for these).
 */
function seedRoom(
  overrides: ExperimentOverrides,
  fileSeed: number | undefined,
  trials: number,
  file: string,
): string[] {
  const allowed = `allowed: seed + trials - 1 <= ${maxSeed}`;
  if (overrides.seed !== undefined) {
    return overrides.seed + trials - 1 > maxSeed ? [`--seed: found ${overrides.seed}; ${allowed}`] : [];
  }
  if (overrides.trials === undefined || fileSeed === undefined || fileSeed + trials - 1 <= maxSeed) return [];
  return [`--trials: found ${overrides.trials}; ${allowed} (seed ${fileSeed} in ${file})`];
}

/** The variant names the file gives, as written (a refused variant's too). */
function writtenNames(raw: unknown): string[] {
  const variants = (raw as { variants?: unknown } | null)?.variants;
  if (!Array.isArray(variants)) return [];
  return variants.flatMap((v: unknown) => {
    const name = (v as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}

function folderSafe(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'experiment'
  );
}
