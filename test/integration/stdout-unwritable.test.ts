/**
 * Every reading command with its standard output on /dev/full (every write fails, ENOSPC): one line saying so and
 * exit 4, the code for an output that could not be written. `analyze` and `check` exited 1 ("the run failed") and
 * `export` 2 ("usage"), each of which sends the user looking for a fault in the run or the command.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { exitCodes } from '../../shared/exit-codes.js';
import { launcherWithFileLimit, tempDir } from './cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
  for (const run of ['a', 'b']) {
    await mkdir(join(dir.path, run));
    await writeSyntheticRun(join(dir.path, run), { rows: 300, machines: 3, seed: run === 'a' ? 1 : 2 });
  }
});
afterAll(() => dir.remove());

test.each([
  ['analyze', 'a', '--json', '--no-summary'],
  ['analyze', 'a', '--no-summary'],
  ['check', 'a'],
  ['export', 'a', '--format', 'shiviz'],
  ['report', 'a', '--out', 'a.html'],
  ['compare', 'a', 'b'],
])('%s %s ... > /dev/full: one line, exit 4', async (...args) => {
  // A limit far past what is written: /dev/full alone refuses the writes.
  const result = await launcherWithFileLimit(1 << 20, args, dir.path, '/dev/full');
  expect({ exitCode: result.exitCode, said: result.all }).toEqual({
    exitCode: exitCodes.outputUnwritable,
    said: 'launcher: cannot write to standard output (ENOSPC)',
  });
  expect(exitCodes.outputUnwritable).toBe(4);
});
