/**
 * A command's standard output redirected to a file on a disk that fills: the command says it and exits 4. Node
 * takes a short write to a file as done, so `analyze --json > file` ended with exit 0 and its JSON cut at the
 * disk's last free byte. The disk is a small tmpfs mounted for the test (root, as the CI runs) and always unmounted.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { launcher, launcherBin, projectRoot, tempDir } from './cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
const disk = () => join(dir.path, 'small-disk');
beforeAll(async () => {
  dir = await tempDir();
  await mkdir(disk());
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', disk()]);
});
afterAll(async () => {
  await execa('umount', [disk()], { reject: false });
  await dir.remove();
});

test('analyze --json to a file on a disk that fills: one line, exit 4 (was exit 0 with the JSON cut)', async () => {
  const run = join(dir.path, 'run');
  // 40 VMs: the analysis JSON is ~70 KB, past the 32 KB disk, in one write.
  const made = await launcher(
    ['run', join(projectRoot, 'config/default.json'), '--engine', 'sim', '--machines', '40', '--out', run],
    dir.path,
  );
  expect(made.exitCode).toBe(0);
  const out = join(disk(), 'analysis.json');
  const result = await execa(
    'sh',
    ['-c', '"$@" > "$OUT"', 'sh', process.execPath, launcherBin, 'analyze', run, '--json'],
    {
      reject: false,
      env: { OUT: out },
    },
  );
  expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
    exitCode: 4,
    stderr: 'launcher: cannot write to standard output (ENOSPC)',
  });
  expect((await stat(out)).size).toBeLessThan(70_000);
});
