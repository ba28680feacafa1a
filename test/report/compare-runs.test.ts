import { expect, test } from '@jest/globals';
import { compareTable, loadComparedRuns, notComparedLine, runLabels } from '../../report/compare-runs.js';
import { noRowLogged } from '../../run-folder/no-row-logged.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

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

test("a run of 40 VMs' rates is shortened to their span, not left out of a comparison of two at 80 columns", async () => {
  const loaded = await loadComparedRuns([fixtureRun('basic'), fixtureRun('ended-early')]);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded));
  const [small, big] = loaded.runs;
  if (small === undefined || big === undefined) throw new Error('two runs expected');
  const rates = Array.from({ length: 40 }, (_, i) => 100 + ((i * 23) % 900));
  const runs = [small, { ...big, figures: { ...big.figures, rates } }];
  const lines = compareTable(runs, 80);
  expect(lines[0]).toMatch(/^figure\s+basic\s+ended-early$/);
  expect(lines.find((line) => line.startsWith('clock rates'))?.split(/\s{2,}/)).toEqual([
    'clock rates (ticks/s)',
    '5, 2',
    `${Math.min(...rates)}-${Math.max(...rates)} (40 VMs)`,
  ]);
  expect(lines.join('\n')).not.toMatch(/left out/);
  // Wide enough for the whole list: it is printed whole.
  expect(compareTable(runs, 400).join('\n')).toContain(rates.join(', '));
});
