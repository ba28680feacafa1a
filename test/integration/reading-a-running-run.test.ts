/**
 * The reading commands on a folder a run is still writing (its claim there, no manifest yet): each says a launcher is
 * still writing it, naming the launcher and its claim, exit 2; they used to say only "no manifest.json". (analyze and
 * check print it on stdout, report and export on stderr.)
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { launcher, projectRoot, tempDir, waitForRows } from './cli-harness.js';

const config = join(projectRoot, 'config/default.json');
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

test('analyze, check, report and export on a run still going: one line naming its launcher and claim, exit 2', async () => {
  const out = join(dir.path, 'running');
  const run = launcher(['run', config, '--out', out, '--machines', '2', '--duration', '60'], dir.path);
  try {
    await waitForRows(join(out, 'vm-0.csv'), 1, run);
    const readers = [['analyze'], ['check'], ['report'], ['export', '--format', 'shiviz']];
    const results = await Promise.all(
      readers.map(([command, ...rest]) => launcher([command as string, out, ...rest], dir.path)),
    );
    for (const [k, result] of results.entries()) {
      expect({ command: readers[k]?.[0], code: result.exitCode, said: result.all.trim() }).toEqual({
        command: readers[k]?.[0],
        code: 2,
        said: `unreadable: ${join(out, 'manifest.json')}: no such file yet: launcher pid ${run.pid} is still writing this folder (its claim: ${join(out, '.launcher-claim')}); try again when it ends`,
      });
    }
  } finally {
    run.kill('SIGINT');
  }
  expect((await run).exitCode).toBe(130);
});
