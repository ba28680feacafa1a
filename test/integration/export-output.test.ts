/**
 * `launcher export` when its output fails, through the built CLI: a write refused by the file-size limit (`ulimit -f`,
 * EFBIG, as a full disk refuses with ENOSPC) must end with one line and exit 2, never claim success.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { launcherBin, tempDir, track } from './cli-harness.js';

/** The launcher with files limited to 8 KB: a write past that fails with EFBIG. `to`: its standard output. */
function limited(args: string[], cwd: string, to = '/dev/null') {
  const script = 'ulimit -f 8 && exec "$@" > "$LIMITED_STDOUT"';
  return track(
    execa('sh', ['-c', script, 'sh', process.execPath, launcherBin, ...args], {
      cwd,
      reject: false,
      env: { LIMITED_STDOUT: to },
    }),
  );
}

describe('launcher export when its output fails', () => {
  let dir: { path: string; remove(): Promise<void> };
  const run = () => join(dir.path, 'run');
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(run());
    // ~1 MB of log: far past the 8 KB limit.
    await writeSyntheticRun(run(), { rows: 10_000, machines: 3, seed: 4 });
  });
  afterAll(() => dir.remove());

  test('standard output past the size limit: exit 2, the one line says so, no success line', async () => {
    const stdout = join(dir.path, 'stdout.shiviz');
    const result = await limited(['export', run(), '--format', 'shiviz'], dir.path, stdout);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 2,
      stderr: 'launcher: cannot write to standard output (EFBIG)',
    });
  });
});
