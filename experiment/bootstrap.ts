/**
 * Percentile bootstrap interval, seeded: the same data and seed always give the same interval. The caller says how
 * many independent units there are (trials, or pairs of trials) and how to compute the statistic from a resample of
 * their indices; units are resampled whole, so VMs of one trial, which are not independent, stay together.
 */
import { seededRandom } from '../shared/seeded-random.js';

export type BootstrapOptions = { seed: number; resamples?: number; level?: number };

export const defaultResamples = 4000;

/** Null when no resample gives a value (e.g. fewer than 2 units, or the statistic is undefined throughout). */
export function bootstrapInterval(
  units: number,
  statistic: (picks: readonly number[]) => number | null,
  options: BootstrapOptions,
): [number, number] | null {
  if (units < 1) return null;
  const resamples = options.resamples ?? defaultResamples;
  const level = options.level ?? 0.95;
  // Stream 1 of the seed: never the clock-rate stream (0) a run with that seed draws from.
  const random = seededRandom(options.seed, 1);
  const values: number[] = [];
  const picks = new Array<number>(units).fill(0);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units; i++) picks[i] = random.int(0, units - 1);
    const value = statistic(picks);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

/** Linear interpolation between the two nearest order statistics of a sorted, non-empty list. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = p * (sorted.length - 1);
  const below = Math.floor(at);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (at - below);
}
