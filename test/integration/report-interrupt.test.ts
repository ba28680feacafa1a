/**
 * A signal after the run, while the launcher writes its summary, check and report (or an experiment its summary):
 * the launcher used to have stopped listening by then, so the signal killed it mid-table with its folder still
 * claimed. Now it skips what is left, says so in one line, releases the folder and exits 130. The runs are sim runs
 * large enough that analysing them takes seconds: the signal, sent on the line that begins that end, lands in it.
 */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { claimFileName } from '../../run-folder/claim-file.js';
import { ctrlC, launcherInOwnGroup, readManifest, tempDir, waitForLine } from './cli-harness.js';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** 8 VMs at 100-200 ticks/s: thousands of rows a virtual second, seconds to analyse. */
const busy = { machines: 8, clockRate: { min: 100, max: 200 }, eventRange: 10, engine: 'sim' };

describe('a signal while the run is being reported', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('launcher run: one line naming what was skipped, exit 130, the folder released, the manifest kept', async () => {
    const config = join(dir.path, 'busy.json');
    await writeFile(config, JSON.stringify({ ...busy, durationSeconds: 30, seed: 4 }));
    const out = join(dir.path, 'run');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    try {
      // Printed once the run has ended, just before its analysis starts.
      await waitForLine(run.stdout, /^seed /m);
    } finally {
      ctrlC(run);
    }
    const result = await run;
    expect({ exitCode: result.exitCode, signal: result.signal }).toEqual({ exitCode: 130, signal: undefined });
    expect(result.stderr).toMatch(
      /run interrupted during its report: skipped .*report\.html \(launcher report .* writes it\); the run \(ok\) is kept in /,
    );
    expect(await exists(join(out, claimFileName))).toBe(false);
    expect(await exists(join(out, 'report.html'))).toBe(false);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('ok');
    expect(manifest.vms).toHaveLength(8);
  });

  test('launcher experiment: the summary is skipped with how to write it, exit 130, the folder released', async () => {
    const file = join(dir.path, 'experiment.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'ctrl-c-at-summary',
        base: { ...busy, durationSeconds: 10 },
        trials: 3,
        seed: 7,
        parallel: 1,
        variants: [{ name: 'base' }],
      }),
    );
    const out = join(dir.path, 'experiment');
    const run = launcherInOwnGroup(['experiment', file, '--out', out], dir.path);
    try {
      await waitForLine(run.stderr, /trial 3\/3: ok in /);
    } finally {
      ctrlC(run);
    }
    const result = await run;
    expect({ exitCode: result.exitCode, signal: result.signal }).toEqual({ exitCode: 130, signal: undefined });
    expect(result.stderr).toContain('experiment interrupted during its summary: summary.md, summary.html and');
    expect(result.stderr).toContain(`(launcher experiment ${file} --out ${out} writes them`);
    expect(await exists(join(out, claimFileName))).toBe(false);
    expect(await exists(join(out, 'summary.md'))).toBe(false);
    for (const trial of ['trial-1', 'trial-2', 'trial-3']) {
      expect((await readManifest(join(out, 'base', trial))).status).toBe('ok');
    }
  });
});
