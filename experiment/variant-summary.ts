/**
 * One variant of an experiment summed up: its setup, its trials' figures as a mean and a spread, and its VMs' figures
 * by clock rate (the notebook's findings are by rate).
 */
import { defaultClockRate } from '../config/clock-rates.js';
import type { RunConfig } from '../config/run-config.js';
import type { PlannedVariant } from './experiment-plan.js';
import { meanOf } from './figure-reductions.js';
import { type Spread, spreadOf } from './spread.js';
import type { SweepValues } from './sweep-grid.js';
import { type FigureKey, figures, type TrialFigures } from './trial-figures.js';
import type { VmPoint } from './vm-points.js';

export type RateRow = {
  rate: number;
  vms: number;
  achievedRate: number | null;
  jumpMean: number | null;
  driftMean: number | null;
  queueMean: number | null;
};

export type VariantSummary = {
  name: string;
  description: string | null;
  setup: { machines: number; clockRates: string; eventRange: number; durationSeconds: number; speed: number };
  trials: { planned: number; ok: number };
  figures: Record<FigureKey, Spread>;
  byRate: RateRow[];
  /** A sweep's grid point: the value of each swept key path. */
  sweepValues?: SweepValues;
};

/** `trials`: every trial's figures (null: not complete); `points`: every VM of every complete trial. */
export function variantSummary(
  variant: PlannedVariant,
  trials: readonly { variant: string; figures: TrialFigures | null }[],
  points: readonly VmPoint[],
): VariantSummary {
  const ok = trials.filter((r) => r.variant === variant.name && r.figures !== null);
  const spreads = figures.map((f) => [f.key, spreadOf(ok.map((r) => r.figures?.[f.key] ?? null))] as const);
  return {
    name: variant.name,
    description: variant.description,
    setup: setupOf(variant.config),
    trials: { planned: variant.trials, ok: ok.length },
    figures: Object.fromEntries(spreads) as Record<FigureKey, Spread>,
    byRate: byRate(points.filter((p) => p.variant === variant.name)),
    ...(variant.sweepValues === undefined ? {} : { sweepValues: variant.sweepValues }),
  };
}

function setupOf(config: RunConfig): VariantSummary['setup'] {
  const range = config.clockRate ?? defaultClockRate;
  const clockRates = config.clockRates === undefined ? `${range.min}-${range.max}` : config.clockRates.join(',');
  const { machines, eventRange, durationSeconds, speed } = config;
  return { machines, clockRates, eventRange, durationSeconds, speed };
}

function byRate(points: readonly VmPoint[]): RateRow[] {
  const rates = [...new Set(points.map((p) => p.configuredRate))].sort((a, b) => a - b);
  return rates.map((rate) => {
    const at = points.filter((p) => p.configuredRate === rate);
    return {
      rate,
      vms: at.length,
      achievedRate: meanOf(at.map((p) => p.achievedRate)),
      jumpMean: meanOf(at.map((p) => p.jumpMean)),
      driftMean: meanOf(at.map((p) => p.driftMean)),
      queueMean: meanOf(at.map((p) => p.queueMean)),
    };
  });
}
