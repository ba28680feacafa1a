import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { makeFolders, makeFoldersSync } from '../../shared/make-folders.js';
import { tempDir } from '../integration/cli-harness.js';

describe.each([
  ['makeFolders', makeFolders],
  ['makeFoldersSync', async (dir: string) => makeFoldersSync(dir)],
])('%s: mkdir -p, one level at a time', (_name, make) => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('makes every missing level, and a folder already there is fine', async () => {
    const deep = join(dir.path, 'a', 'b', 'c');
    await make(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await make(deep);
    await make(dir.path);
  });

  test('a file in the way is EEXIST at the end of the path and ENOTDIR above it, as mkdir -p says', async () => {
    const file = join(dir.path, 'file');
    await writeFile(file, 'x');
    await expect(make(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(make(join(file, 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Node 20's recursive mkdir retries this for ever (the kernel says ENOENT with the parent there): the launcher
  // given `--out /proc/x` spun at 100% CPU and never ended.
  test('a folder the file system will not make (/proc/x) fails at once with its code', async () => {
    await expect(make(`/proc/clocklab-test-${process.pid}/run`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('two at once on one path both succeed', async () => {
    const path = join(dir.path, 'both', 'here');
    await Promise.all([make(path), make(path), mkdir(join(dir.path, 'both'), { recursive: true })]);
    expect((await stat(path)).isDirectory()).toBe(true);
  });
});
