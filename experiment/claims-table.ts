/** The claims as table rows, shared by the terminal, summary.md and summary.html: one row per claim. */
import type { ClaimResult } from './judge-claims.js';
import { fixed } from './spread.js';

export const claimHead = ['claim', 'verdict', 'effect', '95% interval', 'n', 'driven by'] as const;

export function claimRow(claim: ClaimResult): string[] {
  return [
    claim.id,
    claim.verdict,
    fixed(claim.effect, 2),
    claim.ci === null ? '-' : `${fixed(claim.ci[0], 2)} .. ${fixed(claim.ci[1], 2)}`,
    `${claim.n} ${claim.unit}`,
    claim.drivenBy ?? '-',
  ];
}

/** What the columns mean, for the page and summary.md. */
export const claimsExplained =
  'effect: positive means as the notebook claims; 95% interval: seeded percentile bootstrap over whole trials ' +
  '(the VMs of a trial are not independent); confirmed: interval above 0, refuted: below 0, inconclusive: it ' +
  'straddles 0 (or fewer than 5 trials); driven by: which one-change variant alone gives the same verdict.';
