/**
 * The report's check on a worker thread gives what checkRun gives in this thread. Workers need the compiled worker
 * beside the module, so that test loads the built dist/ module (npm test builds first) on a run big enough for it.
 * A verdict saved as check.json stands in for the check while the files it read are unchanged.
 */
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { checkAndSave } from '../../analysis/saved-check.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { type checkInWorker as CheckInWorker, checkInWorker } from '../../report/check-in-worker.js';
import { checkFileName } from '../../run-folder/saved-results.js';
import { copyRun } from '../analysis/fixture-runs.js';
import { projectRoot } from '../integration/cli-harness.js';

test('a big run is checked on a worker thread, with the same verdict as in this thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-report-test-'));
  try {
    // About 105 bytes a row: 90,000 rows are past the 8 MB at which the check moves to a worker.
    await writeSyntheticRun(dir, { rows: 90_000, machines: 3, seed: 4 });
    const sizes = await Promise.all([0, 1, 2].map((vm) => stat(join(dir, `vm-${vm}.csv`))));
    expect(sizes.reduce((sum, s) => sum + s.size, 0)).toBeGreaterThan(8 * 1024 * 1024);
    const url = pathToFileURL(join(projectRoot, 'dist/report/check-in-worker.js')).href;
    const built = (await import(url)) as { checkInWorker: typeof CheckInWorker };
    const inWorker = await built.checkInWorker(dir, 3);
    expect(inWorker).toEqual(await checkRun(dir));
    expect(inWorker).toMatchObject({ ok: true, rows: 90_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);

test('a verdict saved by launcher run (check.json) is reused while the CSVs are unchanged', async () => {
  const run = await copyRun('basic');
  try {
    await checkAndSave(run.dir);
    const file = join(run.dir, checkFileName);
    // A verdict no check would give, so that the test sees which one came back.
    const saved = JSON.parse(await readFile(file, 'utf8')) as { result: { notes: unknown[] } };
    saved.result.notes = [{ vm: 0, text: 'from check.json' }];
    await writeFile(file, JSON.stringify(saved));
    expect(await checkInWorker(run.dir, 2)).toMatchObject({ ok: true, notes: [{ text: 'from check.json' }] });
    const csv = join(run.dir, 'vm-0.csv');
    await writeFile(csv, await readFile(csv));
    await utimes(csv, new Date(), new Date(Date.now() + 5000));
    expect(await checkInWorker(run.dir, 2)).toEqual(await checkRun(run.dir));
  } finally {
    await run.remove();
  }
});
