/**
 * The variants an experiment runs: its named ones (the base or their own config, with their overrides) and one per
 * point of its sweep (the base with the point's values), each with the command line's options on top and validated
 * as a run config. Every problem is a line naming the variant or point, or the flag that set the refused value.
 */
import { defaultClockRate } from '../config/clock-rates.js';
import type { ExperimentConfig } from '../config/experiment-config.js';
import type { OverrideFlags } from '../config/load-config.js';
import { variantLabel } from '../config/parse-experiment.js';
import { simFit } from '../sim/sim-refusals.js';
import type { PlannedVariant } from './experiment-plan.js';
import { applySweepPoint, pointLabel, sweepPoints } from './sweep-grid.js';
import { applyOverrides, type RawConfig, readConfigSource, validateVariantConfig } from './variant-config.js';

/** Command-line options that apply to every variant (each overrides the experiment file). */
export type VariantOverrides = {
  speed?: number;
  trials?: number;
  durationSeconds?: number;
  engine?: 'processes' | 'sim';
};

/** The flags behind the overrides every variant's run config takes, to blame a value it refuses on the flag. */
const variantFlags = { speed: '--speed', durationSeconds: '--duration', engine: '--engine' } as const;

export type PlannedVariants = { variants: PlannedVariant[]; problems: string[] };

/**
 * `raw`: the experiment file's JSON as written (a variant is named by where it stands); `base`: its base, read; `at`:
 * where each of the experiment's variants stands in the file, when the schema set some aside (default: in order).
 */
export async function planVariants(
  file: string,
  raw: unknown,
  experiment: ExperimentConfig,
  base: RawConfig,
  overrides: VariantOverrides,
  at?: readonly number[],
): Promise<PlannedVariants> {
  const speed = overrides.speed ?? experiment.speed;
  const common: RawConfig = {
    ...(speed === undefined ? {} : { speed }),
    ...(overrides.durationSeconds === undefined ? {} : { durationSeconds: overrides.durationSeconds }),
    ...(overrides.engine === undefined ? {} : { engine: overrides.engine }),
  };
  // A value the run config refuses is the flag's fault when a flag set it (the experiment schema checks the file's
  // own speed).
  const flags: OverrideFlags = Object.fromEntries(
    Object.entries(variantFlags).filter(([key]) => overrides[key as keyof typeof variantFlags] !== undefined),
  );
  const problems: string[] = [];
  const variants: PlannedVariant[] = [];
  for (const [i, variant] of experiment.variants.entries()) {
    const label = `${file}: ${variantLabel(raw, at?.[i] ?? i)}`;
    const source =
      variant.config === undefined ? { ok: true as const, raw: base } : await readConfigSource(variant.config, file);
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
    const raw = applySweepPoint(base, point.values, { clockRate: defaultClockRate });
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
  return { variants, problems };
}
