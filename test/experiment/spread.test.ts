import { expect, test } from '@jest/globals';
import { fixed, formatSpread, spreadOf } from '../../experiment/spread.js';

test('mean, sample sd, min and max over the values present', () => {
  const spread = spreadOf([2, 4, 4, 4, 5, 5, 7, 9, null]);
  expect(spread.n).toBe(8);
  expect(spread.mean).toBe(5);
  expect(spread.sd).toBeCloseTo(Math.sqrt(32 / 7));
  expect([spread.min, spread.max]).toEqual([2, 9]);
});

test('one value has no spread; none has no mean', () => {
  expect(spreadOf([3])).toEqual({ n: 1, mean: 3, sd: null, min: 3, max: 3, ci95: null });
  expect(spreadOf([null, null])).toEqual({ n: 0, mean: null, sd: null, min: null, max: null, ci95: null });
});

test('formats as mean ± sd', () => {
  expect(formatSpread(spreadOf([1, 2, 3]), 2)).toBe('2.00 ± 1.00');
  expect(formatSpread(spreadOf([10, 12]), 0)).toBe('11.0 ± 1.4');
  // The mean of whole figures is not whole: it was shown as `8 ± 2.3` (the user test's jump max over trials).
  expect(formatSpread(spreadOf([6, 9, 10, 8.88]), 0)).toBe('8.5 ± 1.7');
  expect(formatSpread(spreadOf([7]), 0)).toBe('7');
  expect(formatSpread(spreadOf([1.5]), 1)).toBe('1.5');
  expect(formatSpread(spreadOf([]), 1)).toBe('-');
});

test('a tiny negative value never shows as -0', () => {
  expect(fixed(-0.04, 1)).toBe('0.0');
  expect(fixed(-0.4, 0)).toBe('0');
  expect(fixed(-0.06, 1)).toBe('-0.1');
  expect(fixed(null, 1)).toBe('-');
});

test("the mean's 95% interval is Student's t over the values (t = 4.303 for 3 values)", () => {
  const [lo = 0, hi = 0] = spreadOf([1, 2, 3]).ci95 ?? [];
  expect(lo).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 10);
  expect(hi).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 10);
});
