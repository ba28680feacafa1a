import { expect, test } from '@jest/globals';
import { notComparedLine, runLabels } from '../../report/compare-runs.js';
import { noRowLogged } from '../../run-folder/no-row-logged.js';

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

test('runs no VM logged a row in: the first three said in full, the rest named, and how many to leave out', () => {
  const runs = ['a', 'b', 'c', 'd', 'e'].map((dir) => ({
    dir,
    noRow: noRowLogged(dir, { status: 'failed', reason: `${dir} broke` }),
  }));
  const said = (dir: string) => `no VM logged a row in ${dir} (run failed: ${dir} broke)`;
  expect(notComparedLine({ ok: false, reason: 'no-rows', runs }, true)).toBe(
    `cannot compare: ${said('a')}; ${said('b')}; ${said('c')}; and 2 more (d, e); no page written; leave those 5 runs out`,
  );
  expect(notComparedLine({ ok: false, reason: 'no-rows', runs: runs.slice(0, 1) }, false)).toBe(
    `cannot compare: ${said('a')}; leave that run out`,
  );
});
