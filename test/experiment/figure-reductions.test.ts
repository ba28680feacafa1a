import { expect, test } from '@jest/globals';
import { meanOf } from '../../experiment/figure-reductions.js';

test('meanOf skips nulls and is null with no values', () => {
  expect(meanOf([1, null, 3])).toBe(2);
  expect(meanOf([null])).toBeNull();
});
