/**
 * The report's check on a worker thread gives what checkRun gives in this thread. Workers need the compiled worker
 * beside the module, so this test loads the built dist/ module (npm test builds first) on a run big enough for it.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import type { checkInWorker as CheckInWorker } from '../../report/check-in-worker.js';
import { projectRoot } from '../integration/cli-harness.js';

test('a big run is checked on a worker thread, with the same verdict as in this thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-report-test-'));
  try {
    // About 105 bytes a row: 90,000 rows are past the 8 MB at which the check moves to a worker.
    await writeSyntheticRun(dir, { rows: 90_000, machines: 3, seed: 4 });
    const sizes = await Promise.all([0, 1, 2].map((vm) => stat(join(dir, `vm-${vm}.csv`))));
    expect(sizes.reduce((sum, s) => sum + s.size, 0)).toBeGreaterThan(8 * 1024 * 1024);
    const built = pathToFileURL(join(projectRoot, 'dist/report/check-in-worker.js')).href;
    const { checkInWorker } = (await import(built)) as { checkInWorker: typeof CheckInWorker };
    const inWorker = await checkInWorker(dir, 3);
    expect(inWorker).toEqual(await checkRun(dir));
    expect(inWorker).toMatchObject({ ok: true, rows: 90_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
