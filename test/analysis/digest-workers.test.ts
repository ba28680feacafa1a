/**
 * Digests on worker threads give what this thread gives. Workers need the compiled worker beside the module, so this
 * test loads the built dist/ module (npm test builds first) on a run big enough for them (over 8 MB of CSV).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@jest/globals';
import type { digestAll as DigestAll } from '../../analysis/digest-pool.js';
import { planLanes } from '../../analysis/lane-plan.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import { projectRoot } from '../integration/cli-harness.js';

test('a big run digested on worker threads, a lane of several files in one worker, as in this thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-digest-workers-'));
  try {
    await writeSyntheticRun(dir, { rows: 300_000, machines: 5, seed: 6 });
    const manifest = await readRunManifest(dir);
    if (!manifest.ok) throw new Error(manifest.detail);
    const inputs = [0, 1, 2, 3, 4].map((vmId) => ({
      file: join(dir, `vm-${vmId}.csv`),
      vmId,
      gridStepMs: 100,
      facts: manifest.facts,
    }));
    const sizes = (await Promise.all(inputs.map((input) => stat(input.file)))).map((s) => s.size);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(8 * 1024 * 1024);
    expect(planLanes(sizes, 2, 8 * 1024 * 1024)[1]?.length).toBeGreaterThan(1);
    const url = pathToFileURL(join(projectRoot, 'dist/analysis/digest-pool.js')).href;
    const built = (await import(url)) as { digestAll: typeof DigestAll };
    const inWorkers = await built.digestAll(inputs);
    expect(inWorkers).toEqual(await built.digestAll(inputs, { parallel: 'never' }));
    expect(inWorkers.map((d) => (d.ok ? d.vmId : d.problem))).toEqual([0, 1, 2, 3, 4]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
