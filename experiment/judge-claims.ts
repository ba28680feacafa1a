/**
 * A verdict on each planned claim: the effect (positive = as the notebook says), a 95% seeded bootstrap interval over
 * trials (whole trials are resampled, never single VMs: the VMs of one trial share its messages), n, and
 * `confirmed` (interval above 0), `refuted` (below 0) or `inconclusive`. A variation claim also says which of the
 * one-change variants (`parts`) reproduces it on its own.
 */
import type { ClaimId } from '../config/claim-request.js';
import { bootstrapInterval } from './bootstrap.js';
import { claimCatalogue, measureOf, type VariationClaim } from './claim-catalogue.js';
import { drivenByText, slowestShares } from './claim-notes.js';
import { type Estimate, verdictOf } from './claim-verdict.js';
import type { PlannedClaim } from './plan-claims.js';
import { rateEstimates } from './rate-estimates.js';
import type { TrialFigures } from './trial-figures.js';
import type { VmPoint } from './vm-points.js';

export type ClaimResult = Estimate & {
  id: ClaimId;
  statement: string;
  measure: string;
  /** What n counts: trials (resampled whole), or pairs of trials with one seed. */
  unit: 'trials' | 'trial pairs';
  variants: string[];
  drivenBy?: string;
  parts?: (Estimate & { variant: string })[];
  byVariant?: (Estimate & { variant: string; vms: number })[];
  note?: string;
};

export type TrialFiguresRecord = { variant: string; k: number; figures: TrialFigures | null };

export function judgeClaims(
  claims: readonly PlannedClaim[],
  trials: readonly TrialFiguresRecord[],
  vms: readonly VmPoint[],
  seed: number,
): ClaimResult[] {
  return claims.map((planned) => {
    const claim = claimCatalogue[planned.id];
    const head = { id: planned.id, statement: claim.statement, measure: measureOf(claim) };
    if (planned.kind === 'rate' && claim.kind === 'rate') {
      const { overall, each } = rateEstimates(claim, planned.variants, vms, seed);
      const byVariant = planned.variants.map((variant, i) => ({
        variant,
        vms: vms.filter((p) => p.variant === variant).length,
        ...(each[i] ?? overall),
      }));
      const note =
        overall.effect === null
          ? 'no variant judged has VMs at different clock rates with the figure'
          : claim.figure === 'receiveShare'
            ? slowestShares(planned.variants, vms)
            : undefined;
      return {
        ...head,
        ...overall,
        unit: 'trials',
        variants: planned.variants,
        byVariant,
        ...(note === undefined ? {} : { note }),
      };
    }
    if (planned.kind === 'variation' && claim.kind === 'variation') {
      const overall = pairedEstimate(claim, planned.baseline, planned.changed, trials, seed);
      const parts = planned.parts.map((variant) => ({
        variant,
        ...pairedEstimate(claim, planned.baseline, variant, trials, seed),
      }));
      const drivenBy = parts.length === 0 ? undefined : drivenByText(overall.verdict, parts);
      return {
        ...head,
        measure: `${head.measure}; changed "${planned.changed}", baseline "${planned.baseline}"`,
        ...overall,
        unit: 'trial pairs',
        variants: [planned.baseline, planned.changed],
        ...(parts.length === 0 ? {} : { parts }),
        ...(drivenBy === undefined ? {} : { drivenBy }),
      };
    }
    throw new Error(`claim ${planned.id} planned as ${planned.kind} but catalogued as ${claim.kind}`);
  });
}

function pairedEstimate(
  claim: VariationClaim,
  baseline: string,
  changed: string,
  trials: readonly TrialFiguresRecord[],
  seed: number,
): Estimate {
  const figureOf = (variant: string, k: number) =>
    trials.find((t) => t.variant === variant && t.k === k)?.figures?.[claim.figure] ?? null;
  const differences = [...new Set(trials.map((t) => t.k))]
    .sort((a, b) => a - b)
    .flatMap((k) => {
      const [before, after] = [figureOf(baseline, k), figureOf(changed, k)];
      return before === null || after === null ? [] : [claim.sign * (after - before)];
    });
  const statistic = (picks: readonly number[]) =>
    picks.length === 0 ? null : picks.reduce((s, i) => s + (differences[i] ?? 0), 0) / picks.length;
  return estimate(differences.length, statistic, seed);
}

function estimate(units: number, statistic: (picks: readonly number[]) => number | null, seed: number): Estimate {
  const effect = units === 0 ? null : statistic(Array.from({ length: units }, (_, i) => i));
  const ci = effect === null ? null : bootstrapInterval(units, statistic, { seed });
  return { effect, ci, n: units, verdict: verdictOf(ci, units) };
}
