import { expect, test } from '@jest/globals';
import { averageRanks, spearman } from '../../experiment/rank-correlation.js';

test('tied values share the mean of the ranks they span', () => {
  expect(averageRanks([10, 20, 20, 5, 20])).toEqual([2, 4, 4, 1, 4]);
  expect(averageRanks([3, 3])).toEqual([1.5, 1.5]);
  expect(averageRanks([])).toEqual([]);
});

test('Spearman: +1 and -1 for any monotone relation, whatever its shape', () => {
  expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 12);
  expect(spearman([1, 2, 3, 4], [9, 4, 1, 0])).toBeCloseTo(-1, 12);
});

test('Spearman with ties in both: Pearson on average ranks (worked by hand)', () => {
  // x ranks 1.5 1.5 3 4.5 4.5, y ranks 1 2.5 2.5 4 5: sxy 8.25, sxx 9, syy 9.5.
  expect(spearman([1, 1, 2, 3, 3], [0, 5, 5, 6, 9])).toBeCloseTo(8.25 / Math.sqrt(9 * 9.5), 12);
});

test('no order to correlate: null for a constant side or fewer than 2 pairs', () => {
  expect(spearman([4, 4, 4], [1, 2, 3])).toBeNull();
  expect(spearman([1, 2, 3], [0, 0, 0])).toBeNull();
  expect(spearman([1], [1])).toBeNull();
  expect(() => spearman([1, 2], [1])).toThrow(/2 x values against 1 y values/);
});
