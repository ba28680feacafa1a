import { describe, expect, test } from '@jest/globals';
import { verdictOf } from '../../experiment/claim-verdict.js';
import { type ClaimResult, judgeClaims, type TrialFiguresRecord } from '../../experiment/judge-claims.js';
import type { PlannedClaim } from '../../experiment/plan-claims.js';
import type { TrialFigures } from '../../experiment/trial-figures.js';
import type { VmPoint } from '../../experiment/vm-points.js';

const rates = [1, 3, 6];
const trials = [1, 2, 3, 4, 5, 6, 7, 8];
// A fixed, patternless series in [-1, 1]: noise that owes nothing to the clock rate.
const noise = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.cos(i * 78.233) * 0.5;

function point(variant: string, trial: number, vm: number, jumpMean: number): VmPoint {
  return {
    variant,
    trial,
    vm,
    configuredRate: rates[vm] ?? 1,
    achievedRate: rates[vm] ?? 1,
    jumpMean,
    jumpMax: null,
    driftMean: -jumpMean,
    queueMean: jumpMean,
    gapCount: 0,
    receiveShare: 0.5,
  };
}

/** jumpMean as `shape` of the VM's rate, plus noise. */
const vmsOf = (variant: string, shape: (rate: number, i: number) => number) =>
  trials.flatMap((k) => rates.map((rate, vm) => point(variant, k, vm, shape(rate, k * 3 + vm))));

const rateClaim = (variants: string[]): PlannedClaim => ({ id: 'slow-vms-bigger-jumps', kind: 'rate', variants });

const consistent = (claim: ClaimResult) => expect(claim.verdict).toBe(verdictOf(claim.ci, claim.n));

describe('rate claims: Spearman of the per-VM figure with the clock rate, within variants, trials resampled', () => {
  const vms = [
    ...vmsOf('slow-jump', (rate, i) => 6 / rate + 0.2 * noise(i)),
    ...vmsOf('fast-jump', (rate, i) => rate + 0.2 * noise(i)),
    ...vmsOf('no-link', (_rate, i) => 2 + noise(i)),
  ];

  test('a planted effect (slower VMs jump further) is confirmed, its opposite refuted, none inconclusive', () => {
    const [slow, fast, none] = judgeClaims(
      [rateClaim(['slow-jump']), rateClaim(['fast-jump']), rateClaim(['no-link'])],
      [],
      vms,
      1,
    );
    expect(slow).toMatchObject({ verdict: 'confirmed', n: 8, unit: 'trials' });
    expect(slow?.effect).toBeGreaterThan(0.8);
    expect(fast).toMatchObject({ verdict: 'refuted' });
    expect(fast?.effect).toBeLessThan(-0.8);
    expect(none).toMatchObject({ verdict: 'inconclusive' });
    expect(none?.ci?.[0]).toBeLessThan(0);
    expect(none?.ci?.[1]).toBeGreaterThan(0);
    for (const claim of [slow, fast, none]) if (claim !== undefined) consistent(claim);
  });

  test('over several variants: the mean of their correlations, each also given alone', () => {
    const [both] = judgeClaims([rateClaim(['slow-jump', 'fast-jump'])], [], vms, 1);
    expect(both?.effect).toBeCloseTo(0, 10);
    expect(both?.byVariant?.map((v) => [v.variant, v.verdict, v.vms])).toEqual([
      ['slow-jump', 'confirmed', 24],
      ['fast-jump', 'refuted', 24],
    ]);
  });

  test('the same data and seed give the same interval', () => {
    const once = judgeClaims([rateClaim(['no-link'])], [], vms, 3);
    expect(judgeClaims([rateClaim(['no-link'])], [], vms, 3)).toEqual(once);
  });

  test('fewer than 5 trials: inconclusive, whatever the interval; one clock rate: no effect at all', () => {
    const few = vms.filter((p) => p.variant === 'slow-jump' && p.trial <= 4);
    const [claim] = judgeClaims([rateClaim(['slow-jump'])], [], few, 1);
    expect(claim).toMatchObject({ verdict: 'inconclusive', n: 4 });
    expect(claim?.ci?.[0]).toBeGreaterThan(0);
    const flat = vms.filter((p) => p.variant === 'slow-jump').map((p) => ({ ...p, configuredRate: 4 }));
    const [none] = judgeClaims([rateClaim(['slow-jump'])], [], flat, 1);
    expect(none).toMatchObject({ effect: null, ci: null, verdict: 'inconclusive' });
    expect(none?.note).toMatch(/different clock rates/);
  });
});

describe('variation claims: paired by trial seed, with the one-change variants', () => {
  const figures = (jumpMean: number, queueMean: number): TrialFigures =>
    ({ jumpMean, queueMean, driftMean: -queueMean }) as unknown as TrialFigures;
  const variant = (name: string, jump: (k: number) => number, queue: (k: number) => number) =>
    trials.map((k): TrialFiguresRecord => ({ variant: name, k, figures: figures(jump(k), queue(k)) }));
  const records = [
    ...variant(
      'original',
      (k) => 2 + noise(k),
      (k) => 3 + noise(k),
    ),
    // Both changes: smaller jumps (by 0.5 in every pair); queues no different.
    ...variant(
      'smaller',
      (k) => 1.5 + noise(k),
      (k) => 3 + noise(k + 40),
    ),
    ...variant(
      'rates',
      (k) => 1.6 + noise(k),
      (k) => 3 + noise(k + 50),
    ),
    ...variant(
      'events',
      (k) => 2.4 + noise(k),
      (k) => 3 + noise(k + 60),
    ),
  ];
  const planned = (id: PlannedClaim['id']): PlannedClaim => ({
    id,
    kind: 'variation',
    baseline: 'original',
    changed: 'smaller',
    parts: ['rates', 'events'],
  });

  test('the effect is the mean paired difference, signed as the notebook claims; drivenBy names the part', () => {
    const [jumps, queues] = judgeClaims(
      [planned('variation-smaller-jumps'), planned('variation-shorter-queues')],
      records,
      [],
      1,
    );
    expect(jumps).toMatchObject({ verdict: 'confirmed', n: 8, unit: 'trial pairs' });
    // Every pair differs by exactly 0.5: so does every resample's mean.
    expect(jumps?.ci?.[0]).toBeCloseTo(0.5, 12);
    expect(jumps?.ci?.[1]).toBeCloseTo(0.5, 12);
    expect(jumps?.effect).toBeCloseTo(0.5, 12);
    expect(jumps?.drivenBy).toBe('rates; events alone goes the other way');
    expect(jumps?.parts?.map((p) => [p.variant, p.verdict])).toEqual([
      ['rates', 'confirmed'],
      ['events', 'refuted'],
    ]);
    expect(queues?.verdict).toBe('inconclusive');
    expect(queues?.drivenBy).toBe('rates alone: inconclusive; events alone: inconclusive');
    for (const claim of [jumps, queues]) if (claim !== undefined) consistent(claim);
  });
});
