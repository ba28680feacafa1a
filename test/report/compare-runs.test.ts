import { expect, test } from '@jest/globals';
import { runLabels } from '../../report/compare-runs.js';

test('runs are labelled by folder name, or by the shortest ending of their paths that tells them apart', () => {
  expect(runLabels(['/x/logs/orig', 'logs/var'])).toEqual(['orig', 'var']);
  expect(runLabels(['/x/study/original/trial-1', '/x/study/rates-3-5/trial-1', '/x/study/original/trial-2'])).toEqual([
    'original/trial-1',
    'rates-3-5/trial-1',
    'original/trial-2',
  ]);
  expect(runLabels(['/a/s/v/t', '/b/s/v/t'])).toEqual(['a/s/v/t', 'b/s/v/t']);
  // The same folder twice: nothing tells them apart, so the paths as given.
  expect(runLabels(['/x/r1', '/x/r1'])).toEqual(['/x/r1', '/x/r1']);
});
