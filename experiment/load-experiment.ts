/**
 * Reading an experiment file at the edge: JSON (a key given twice is refused), the experiment schema, every variant's
 * config (base or its own, plus overrides, plus the command line's options) validated as a run config. Every problem
 * is a line; nothing runs unless all of them pass.
 */
import { basename, extname } from 'node:path';
import { defaultClockRate } from '../config/clock-rates.js';
import { readConfigText } from '../config/config-text.js';
import { parseExperimentConfig, variantLabel } from '../config/experiment-config.js';
import { parseJsonText } from '../config/json-text.js';
import type { OverrideFlags } from '../config/load-config.js';
import { maxSeed } from '../config/run-limits.js';
import { simFit } from '../sim/sim-refusals.js';
import type { ExperimentPlan, PlannedVariant } from './experiment-plan.js';
import { planClaims } from './plan-claims.js';
import { applySweepPoint, pointLabel, sweepPoints } from './sweep-grid.js';
import { applyOverrides, type RawConfig, readConfigSource, validateVariantConfig } from './variant-config.js';

/** Command-line options that apply to every variant (each overrides the experiment file). */
export type ExperimentOverrides = {
  speed?: number;
  seed?: number;
  trials?: number;
  durationSeconds?: number;
  parallel?: number;
  engine?: 'processes' | 'sim';
};

/** The plan before the seed is settled: absent here, it comes from an earlier run of the folder or is drawn. */
export type LoadedExperiment = Omit<ExperimentPlan, 'seed'> & { seed: number | undefined };

/** The flags behind the overrides every variant's run config takes, to blame a value it refuses on the flag. */
const variantFlags = { speed: '--speed', durationSeconds: '--duration', engine: '--engine' } as const;

export type LoadExperimentResult =
  | { ok: true; experiment: LoadedExperiment }
  | { ok: false; reason: 'unreadable' | 'not-json' | 'duplicate-key' | 'invalid'; problems: string[] };

export async function loadExperiment(file: string, overrides: ExperimentOverrides = {}): Promise<LoadExperimentResult> {
  const read = await readConfigText(file, 'experiment');
  if (!read.ok) return { ok: false, reason: 'unreadable', problems: [`${file}: ${read.problem}`] };
  const json = parseJsonText(read.text);
  if (!json.ok) return { ok: false, reason: json.reason, problems: json.problems.map((line) => `${file}: ${line}`) };
  const raw = json.value;
  const parsed = parseExperimentConfig(raw, file);
  if (!parsed.ok) return { ok: false, reason: 'invalid', problems: parsed.problems };
  const experiment = parsed.experiment;

  const base = await readConfigSource(experiment.base, file);
  if (!base.ok)
    return { ok: false, reason: 'invalid', problems: base.problems.map((line) => `${file}: base: ${line}`) };
  const speed = overrides.speed ?? experiment.speed;
  const common: RawConfig = {
    ...(speed === undefined ? {} : { speed }),
    ...(overrides.durationSeconds === undefined ? {} : { durationSeconds: overrides.durationSeconds }),
    ...(overrides.engine === undefined ? {} : { engine: overrides.engine }),
  };
  // A value the run config refuses is the flag's fault when a flag set it (the file's own speed is checked above).
  const flags: OverrideFlags = Object.fromEntries(
    Object.entries(variantFlags).filter(([key]) => overrides[key as keyof typeof variantFlags] !== undefined),
  );
  const problems: string[] = [];
  const variants: PlannedVariant[] = [];
  for (const [i, variant] of experiment.variants.entries()) {
    const label = `${file}: ${variantLabel(raw, i)}`;
    const source = variant.config === undefined ? base : await readConfigSource(variant.config, file);
    if (!source.ok) {
      problems.push(...source.problems.map((line) => `${label}: config: ${line}`));
      continue;
    }
    const merged = applyOverrides(applyOverrides(source.raw, variant.overrides), common);
    const checked = validateVariantConfig(merged, label, flags);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    if (checked.config.engine === 'sim') problems.push(...simFit(checked.config, label).refusals);
    variants.push({
      name: variant.name,
      description: variant.description ?? null,
      config: checked.config,
      trials: overrides.trials ?? variant.trials ?? experiment.trials,
    });
  }
  for (const point of experiment.sweep === undefined ? [] : sweepPoints(experiment.sweep)) {
    const label = `${file}: sweep point ${pointLabel(point.values)} ("${point.name}")`;
    if (experiment.variants.some((variant) => variant.name === point.name)) {
      problems.push(`${label}: name: found "${point.name}"; allowed: a name no named variant has`);
      continue;
    }
    const raw = applySweepPoint(base.raw, point.values, { clockRate: defaultClockRate });
    const checked = validateVariantConfig(applyOverrides(raw, common), label, flags);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    variants.push({
      name: point.name,
      description: null,
      config: checked.config,
      trials: overrides.trials ?? experiment.trials,
      sweepValues: point.values,
    });
  }
  const claims = planClaims(
    experiment.claims,
    variants.map((variant) => variant.name),
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

function folderSafe(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'experiment'
  );
}
