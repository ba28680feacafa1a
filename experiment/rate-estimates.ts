/**
 * A rate claim's estimate (judge-claims.ts): within each variant, the Spearman rank correlation of a per-VM figure
 * with the VM's clock rate, signed as the notebook says, its interval from the same bootstrap over whole trials.
 */
import { bootstrapIntervals } from './bootstrap.js';
import type { RateClaim } from './claim-catalogue.js';
import { type Estimate, verdictOf } from './claim-verdict.js';
import { spearman } from './rank-correlation.js';
import type { VmPoint } from './vm-points.js';

/** The mean correlation over the variants, and each variant's own, from one pass of resampled trials. */
export function rateEstimates(
  claim: RateClaim,
  variants: readonly string[],
  vms: readonly VmPoint[],
  seed: number,
): { overall: Estimate; each: Estimate[] } {
  // Per variant, per trial number: the (rate, figure) of each VM with the figure.
  const groups = variants.map((variant) => {
    const byTrial = new Map<number, { rate: number; value: number }[]>();
    for (const p of vms) {
      const value = p[claim.figure];
      if (p.variant !== variant || value === null) continue;
      byTrial.set(p.trial, [...(byTrial.get(p.trial) ?? []), { rate: p.configuredRate, value }]);
    }
    return byTrial;
  });
  const units = [...new Set(groups.flatMap((g) => [...g.keys()]))].sort((a, b) => a - b);
  const rhosOf = (picks: readonly number[]): (number | null)[] =>
    groups.map((byTrial) => {
      const pooled = picks.flatMap((i) => byTrial.get(units[i] ?? -1) ?? []);
      const rho = spearman(
        pooled.map((p) => p.rate),
        pooled.map((p) => p.value),
      );
      return rho === null ? null : claim.sign * rho;
    });
  const all = Array.from({ length: units.length }, (_, i) => i);
  // The mean is over the same variants in every resample (those with a correlation on the whole data), or
  // undefined: a mean over whichever variants a resample happens to allow is another statistic each time.
  const included = units.length === 0 ? [] : rhosOf(all).map((rho) => rho !== null);
  // [mean over the variants, then each variant's own]
  const statistics = (picks: readonly number[]): (number | null)[] => {
    const rhos = rhosOf(picks);
    const counted = rhos.filter((_, k) => included[k]);
    const mean =
      counted.length === 0 || counted.some((rho) => rho === null)
        ? null
        : (counted as number[]).reduce((sum, rho) => sum + rho, 0) / counted.length;
    return [mean, ...rhos];
  };
  const effects = units.length === 0 ? new Array<null>(groups.length + 1).fill(null) : statistics(all);
  const intervals = bootstrapIntervals(units.length, groups.length + 1, statistics, { seed });
  const estimates = effects.map((effect, k): Estimate => {
    const n = k === 0 ? units.length : (groups[k - 1]?.size ?? 0);
    const ci = effect === null ? null : (intervals[k] ?? null);
    return { effect, ci, n, verdict: verdictOf(ci, n) };
  });
  const [overall = { effect: null, ci: null, n: 0, verdict: 'inconclusive' }, ...each] = estimates;
  return { overall, each };
}
