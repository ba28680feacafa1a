import { describe, expect, test } from '@jest/globals';
import { CountHistogram } from '../../analysis/count-histogram.js';

const histogramOf = (values: number[]) => {
  const h = new CountHistogram();
  for (const v of values) h.add(v);
  return h;
};

describe('CountHistogram', () => {
  test('empty: a count of 0 and no figures', () => {
    expect(new CountHistogram().stats()).toEqual({ count: 0, mean: null, median: null, p95: null, max: null });
  });

  test('odd count: the middle value', () => {
    expect(histogramOf([5, 1, 3]).stats()).toEqual({ count: 3, mean: 3, median: 3, p95: 5, max: 5 });
  });

  test('even count: the mean of the two middle values', () => {
    expect(histogramOf([1, 2, 3, 10]).stats().median).toBe(2.5);
  });

  test('p95 is the nearest rank: 19 ones and a 9 give 1, 18 ones and two 9s give 9', () => {
    expect(histogramOf([...new Array<number>(19).fill(1), 9]).stats().p95).toBe(1);
    expect(histogramOf([...new Array<number>(18).fill(1), 9, 9]).stats().p95).toBe(9);
  });

  test('values past the dense range and negative ones sort into place', () => {
    const h = histogramOf([5000, -2, 1, 1, 2000]);
    expect(h.stats()).toEqual({ count: 5, mean: 7000 / 5, median: 1, p95: 5000, max: 5000 });
    expect(histogramOf([-3, -1, -2]).stats().median).toBe(-2);
  });

  test('above(1): how many values exceed 1 and their sum', () => {
    expect(histogramOf([1, 1, 2, 5, 1500]).above(1)).toEqual({ count: 3, sum: 1507 });
  });

  test('nearestRank(0.99): the value at rank ceil(0.99 x count); null when empty', () => {
    const values = [...Array.from({ length: 197 }, (_, i) => i), 900, 5000, 7000];
    expect(histogramOf(values).nearestRank(0.99)).toBe(900);
    expect(histogramOf([4]).nearestRank(0.99)).toBe(4);
    expect(new CountHistogram().nearestRank(0.99)).toBeNull();
  });

  test('the same figures whatever part of the values the array holds', () => {
    const values = [0, 3, 3, 1023, 1024, 20_000, 20_000, -1, 2.5];
    const small = new CountHistogram(4);
    const large = new CountHistogram(32_768);
    for (const v of values) {
      small.add(v);
      large.add(v);
    }
    expect(large.stats()).toEqual(small.stats());
    expect(large.nearestRank(0.75)).toBe(small.nearestRank(0.75));
    expect(large.above(3)).toEqual(small.above(3));
  });

  test('exact on a million values without keeping them', () => {
    const h = new CountHistogram();
    for (let i = 0; i < 1_000_000; i++) h.add(i % 100 === 0 ? 7 : 1);
    expect(h.stats()).toEqual({ count: 1_000_000, mean: 1.06, median: 1, p95: 1, max: 7 });
  });
});
