import { expect, test } from '@jest/globals';
import { minUnits, verdictOf } from '../../experiment/claim-verdict.js';

test('confirmed above 0, refuted below, inconclusive across it, without an interval, or on too few units', () => {
  expect(verdictOf([0.1, 0.4], minUnits)).toBe('confirmed');
  expect(verdictOf([-0.4, -0.1], minUnits)).toBe('refuted');
  expect(verdictOf([-0.1, 0.4], minUnits)).toBe('inconclusive');
  expect(verdictOf(null, 20)).toBe('inconclusive');
  expect(verdictOf([0.1, 0.4], minUnits - 1)).toBe('inconclusive');
});
