/**
 * A run whose folder cannot be written to the end (here: a `manifest.json` folder planted after the claim, as a full
 * disk or a vanished folder would also fail it) ends in one line and exit 1, keeps what it wrote, and releases its
 * claim; it used to end in a stack trace with the claim left behind.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { launcher, projectRoot, readCsv, tempDir, waitForRows } from './cli-harness.js';

const config = join(projectRoot, 'config/default.json');
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

test('a manifest that cannot be written: one line, exit 1, the CSVs kept and the claim released', async () => {
  const out = join(dir.path, 'planted');
  const run = launcher(['run', config, '--out', out, '--machines', '2', '--duration', '60'], dir.path);
  try {
    await waitForRows(join(out, 'vm-0.csv'), 1, run);
    await mkdir(join(out, 'manifest.json'));
    // The run ends when told to, after the folder is planted, however slowly this test got here.
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line.includes('manifest.json'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^run failed: cannot rename .*manifest\.json\.\d+\.tmp to .*manifest\.json \(EISDIR\); the files already written are kept in /,
      ),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'vm-0.csv', 'vm-1.csv']);
    for (const vm of [0, 1]) expect((await readCsv(join(out, `vm-${vm}.csv`))).rows.length).toBeGreaterThan(0);
  } finally {
    run.kill('SIGKILL');
  }
});
