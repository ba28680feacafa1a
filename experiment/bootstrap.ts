/**
 * Percentile bootstrap interval, seeded: the same data and seed always give the same interval. The caller says how
 * many independent units there are (trials, or pairs of trials) and how to compute the statistic from a resample of
 * their indices; units are resampled whole, so VMs of one trial, which are not independent, stay together.
 */
import { seededRandom } from '../shared/seeded-random.js';

export type BootstrapOptions = { seed: number; resamples?: number; level?: number };

/** Enough for the 2.5% and 97.5% points to settle to about 0.01 of a correlation (Efron: 1,000 or more). */
export const defaultResamples = 2000;

/** The share of resamples that must give a value for an interval to be given at all. */
export const minDefinedShare = 0.95;

/**
 * Null when fewer than `minDefinedShare` of the resamples give a value (e.g. fewer than 2 units, or a correlation
 * undefined whenever a resample happens to hold one clock rate): an interval over the lucky resamples alone would
 * come out narrower than the data allow.
 */
export function bootstrapInterval(
  units: number,
  statistic: (picks: readonly number[]) => number | null,
  options: BootstrapOptions,
): [number, number] | null {
  return bootstrapIntervals(units, 1, (picks) => [statistic(picks)], options)[0] ?? null;
}

/**
 * Several statistics from the same resamples (one pass, e.g. a mean over variants and each variant alone): the
 * statistic returns `count` values per resample, and each gets its own interval.
 */
export function bootstrapIntervals(
  units: number,
  count: number,
  statistic: (picks: readonly number[]) => readonly (number | null)[],
  options: BootstrapOptions,
): ([number, number] | null)[] {
  if (units < 1) return new Array(count).fill(null);
  const resamples = options.resamples ?? defaultResamples;
  const level = options.level ?? 0.95;
  // Stream 1 of the seed: never the clock-rate stream (0) a run with that seed draws from.
  const random = seededRandom(options.seed, 1);
  const values: number[][] = Array.from({ length: count }, () => []);
  const picks = new Array<number>(units).fill(0);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units; i++) picks[i] = random.int(0, units - 1);
    statistic(picks).forEach((value, k) => {
      if (value !== null && Number.isFinite(value)) values[k]?.push(value);
    });
  }
  const tail = (1 - level) / 2;
  return values.map((list) => {
    if (list.length === 0 || list.length < minDefinedShare * resamples) return null;
    list.sort((a, b) => a - b);
    return [quantile(list, tail), quantile(list, 1 - tail)];
  });
}

/** Linear interpolation between the two nearest order statistics of a sorted, non-empty list. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = p * (sorted.length - 1);
  const below = Math.floor(at);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (at - below);
}
