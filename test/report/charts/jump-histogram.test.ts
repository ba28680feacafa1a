import { expect, test } from '@jest/globals';
import { jumpAxisLabels, jumpBinLabels, jumpHistogram } from '../../../report/charts/jump-histogram.js';

test('bins are labelled as whole numbers, one per value while they fit, empty ones kept in their place', () => {
  expect(jumpBinLabels(jumpHistogram([[Int32Array.of(1, 1, 4)], [Int32Array.of(2)]]))).toEqual(['1', '2', '3', '4']);
});

test('past maxBins values, each bin is a range of whole values, labelled from-to', () => {
  const labels = jumpBinLabels(jumpHistogram([[Int32Array.of(1, 2, 100)]], 10));
  expect(labels).toEqual(['1-10', '11-20', '21-30', '31-40', '41-50', '51-60', '61-70', '71-80', '81-90', '91-100']);
});

test('the axis names at most `most` bins, evenly spaced from the first', () => {
  const labels = Array.from({ length: 40 }, (_, i) => String(i + 1));
  const shown = jumpAxisLabels(labels, 16);
  expect(shown.length).toBeLessThanOrEqual(16);
  expect(shown.slice(0, 3)).toEqual(['1', '4', '7']);
  expect(jumpAxisLabels(['1', '2', '3'])).toEqual(['1', '2', '3']);
});
