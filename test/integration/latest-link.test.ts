/**
 * `launcher run` without --out points `logs/latest` at the run; it used to delete whatever had that name (a user's
 * file) to put its link there, and to leave a folder there without a word.
 */
import { mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

const config = join(projectRoot, 'config/default.json');
const sim = ['--engine', 'sim', '--machines', '2', '--duration', '5'];

describe('logs/latest', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'logs'));
  });
  afterAll(() => dir.remove());
  const latest = () => join(dir.path, 'logs', 'latest');
  const runFolders = async () => (await readdir(join(dir.path, 'logs'))).filter((name) => name !== 'latest').sort();

  test('a file named logs/latest is kept: the run succeeds and says in one line that latest was not updated', async () => {
    await writeFile(latest(), 'MINE\n');
    const result = await launcher(['run', config, ...sim], dir.path);
    expect(result.exitCode).toBe(0);
    expect(await readFile(latest(), 'utf8')).toBe('MINE\n');
    expect(result.stderr.split('\n').filter((line) => line.includes('latest'))).toEqual([
      'note: logs/latest was not updated to this run: it is a file, not a link, and is left as it is',
    ]);
    await rm(latest());
  });

  test('a folder named logs/latest is kept, with the same note', async () => {
    await mkdir(latest());
    const result = await launcher(['run', config, ...sim], dir.path);
    expect(result.exitCode).toBe(0);
    expect(await readdir(latest())).toEqual([]);
    expect(result.stderr).toContain(
      'note: logs/latest was not updated to this run: it is a folder, not a link, and is left as it is',
    );
    await rm(latest(), { recursive: true });
  });

  test('otherwise latest is a link to the newest run, replaced run after run', async () => {
    for (let k = 0; k < 2; k++) {
      const result = await launcher(['run', config, ...sim], dir.path);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).not.toContain('latest');
      const newest = result.stdout.match(/^run folder: logs\/(\S+)$/m)?.[1];
      expect(await readlink(latest())).toBe(newest);
    }
    expect(await runFolders()).toHaveLength(4);
  });
});
