import { expect, test } from '@jest/globals';
import { bootstrapInterval, bootstrapIntervals, quantile } from '../../experiment/bootstrap.js';

const data = [0.3, -0.1, 0.8, 0.5, 0.2, 0.9, 0.4, 0.1];
const meanOf = (picks: readonly number[]) => picks.reduce((s, i) => s + (data[i] ?? 0), 0) / picks.length;

const drawsOf = (seed: number) => {
  const draws: string[] = [];
  bootstrapInterval(data.length, (picks) => draws.push(picks.join(',')), { seed, resamples: 50 });
  return draws;
};

test('seeded: the same seed draws the same resamples and gives the same interval; another seed, other draws', () => {
  expect(drawsOf(7)).toEqual(drawsOf(7));
  expect(drawsOf(8)).not.toEqual(drawsOf(7));
  const a = bootstrapInterval(data.length, meanOf, { seed: 7 });
  const b = bootstrapInterval(data.length, meanOf, { seed: 7 });
  const c = bootstrapInterval(data.length, meanOf, { seed: 8 });
  expect(a).toEqual(b);
  // The same interval to within resampling noise, around the mean 0.3875.
  const [lo = 0, hi = 0] = a ?? [];
  expect(lo).toBeGreaterThan(0.15);
  expect(lo).toBeLessThan(0.25);
  expect(hi).toBeGreaterThan(0.52);
  expect(hi).toBeLessThan(0.62);
  expect(Math.abs((c?.[0] ?? 0) - lo)).toBeLessThan(0.03);
});

test('resamples whole units: a statistic sees only indices below the unit count, as many as there are units', () => {
  const seen = new Set<number>();
  const lengths = new Set<number>();
  bootstrapInterval(
    5,
    (picks) => {
      for (const i of picks) seen.add(i);
      lengths.add(picks.length);
      return 0;
    },
    { seed: 1, resamples: 200 },
  );
  expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  expect([...lengths]).toEqual([5]);
});

test('constant data give a zero-width interval; a statistic never defined gives none', () => {
  expect(bootstrapInterval(4, () => 2, { seed: 1 })).toEqual([2, 2]);
  expect(bootstrapInterval(4, () => null, { seed: 1 })).toBeNull();
  expect(bootstrapInterval(0, () => 1, { seed: 1 })).toBeNull();
});

test('quantile interpolates between order statistics', () => {
  expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
  expect(quantile([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1, 12);
  expect(quantile([0, 10], 0.25)).toBe(2.5);
});

test('several statistics from one pass: each interval is the one its statistic alone gives', () => {
  const alone = bootstrapInterval(data.length, meanOf, { seed: 5 });
  const max = (picks: readonly number[]) => Math.max(...picks.map((i) => data[i] ?? 0));
  const [first, second, never] = bootstrapIntervals(data.length, 3, (picks) => [meanOf(picks), max(picks), null], {
    seed: 5,
  });
  expect(first).toEqual(alone);
  expect(second).toEqual(bootstrapInterval(data.length, max, { seed: 5 }));
  expect(never).toBeNull();
});

test('no interval when over 5% of the resamples leave the statistic undefined: the rest alone would be too narrow', () => {
  // Undefined whenever the resample misses unit 0 (about (9/10)^10 = 35% of resamples of 10 units).
  const statistic = (picks: readonly number[]) => (picks.includes(0) ? picks.reduce((s, p) => s + p, 0) : null);
  expect(bootstrapInterval(10, statistic, { seed: 3 })).toBeNull();
  // Undefined in no resample: an interval.
  expect(bootstrapInterval(10, (picks) => picks.reduce((s, p) => s + p, 0), { seed: 3 })).not.toBeNull();
});
