/**
 * Two launchers on one folder, planted links and strangers' folders, as a user or an unfriendly local process would
 * try them: exactly one launcher writes a run folder, and it writes only files it created itself.
 */
import { chown, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, launcherWithFileLimit, projectRoot, readManifest, tempDir } from './cli-harness.js';

const config = join(projectRoot, 'config/default.json');
const shortRun = ['--machines', '2', '--duration', '0.3'];

describe('the run folder is claimed by one launcher', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('of two launchers started at one instant on one --out folder, exactly one runs; 10 times', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const out = join(dir.path, `both-${attempt}`);
      const pair = await Promise.all([
        launcher(['run', config, '--out', out, ...shortRun], dir.path),
        launcher(['run', config, '--out', out, ...shortRun], dir.path),
      ]);
      const codes = pair.map((r) => r.exitCode).sort();
      expect({ attempt, codes }).toEqual({ attempt, codes: [0, 2] });
      const loser = pair.find((r) => r.exitCode === 2);
      expect(loser?.stderr).toMatch(/run folder: .* (is being used by another launcher|already holds files)/);
      // The loser wrote nothing: the folder holds the winner's run, which reads and checks valid.
      const manifest = await readManifest(out);
      const check = await launcher(['check', out], dir.path);
      expect({ attempt, check: check.exitCode, out: check.stdout }).toMatchObject({ attempt, check: 0 });
      expect((await readdir(out)).filter((name) => name.startsWith('vm-')).sort()).toEqual(['vm-0.csv', 'vm-1.csv']);
      expect(manifest.status).toBe('ok');
    }
  }, 180_000);

  test('a vm-0.csv symlink planted in an empty --out folder is refused, and its target is left as it was', async () => {
    const out = join(dir.path, 'planted');
    const target = join(dir.path, 'precious.txt');
    await mkdir(out);
    await writeFile(target, 'precious\n');
    await symlink(target, join(out, 'vm-0.csv'));
    const result = await launcher(['run', config, '--out', out, ...shortRun], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/already holds files/);
    expect(await readFile(target, 'utf8')).toBe('precious\n');
    expect(await readdir(out)).toEqual(['vm-0.csv']);
  });

  test('an --out folder that another user owns is refused before anything is written', async () => {
    const out = join(dir.path, 'theirs');
    await mkdir(out);
    await chown(out, 65534, 65534);
    const result = await launcher(['run', config, '--out', out, ...shortRun], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/theirs belongs to user 65534, not to you/);
    expect(await readdir(out)).toEqual([]);
  });

  test('an --out that is a symlink to a folder is refused', async () => {
    const real = join(dir.path, 'real');
    const link = join(dir.path, 'link');
    await mkdir(real);
    await symlink(real, link);
    const result = await launcher(['run', config, '--out', link, ...shortRun], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/link is not a folder/);
    expect(await readdir(real)).toEqual([]);
  });

  test('a claim whose pid cannot be written (a full disk) is not left behind to refuse the next launcher', async () => {
    // Under a 0 KiB file-size limit the claim can be created but its pid cannot be written (EFBIG, as ENOSPC on a full
    // disk), the step in which a Ctrl-C can also end the command. The claim used to stay there empty, and every later
    // run and experiment on the folder was refused: "is being used by another launcher".
    const out = join(dir.path, 'claim-unwritten');
    const file = join(dir.path, 'claim-unwritten.json');
    await writeFile(
      file,
      JSON.stringify({ name: 'claim-unwritten', base: config, trials: 1, variants: [{ name: 'a' }] }),
    );
    const experimentOut = join(dir.path, 'claim-unwritten-experiment');
    for (const args of [
      ['run', config, '--out', out, ...shortRun],
      ['experiment', file, '--out', experimentOut, ...shortRun.slice(2)],
    ]) {
      const limited = await launcherWithFileLimit(0, args, dir.path);
      expect({ args, code: limited.exitCode, out: limited.all }).toMatchObject({ args, code: 2 });
    }
    expect(await readdir(out)).toEqual([]);
    const run = await launcher(['run', config, '--out', out, ...shortRun], dir.path);
    expect({ code: run.exitCode, stderr: run.stderr }).toMatchObject({ code: 0 });
    expect((await readManifest(out)).status).toBe('ok');
    const experiment = await launcher(['experiment', file, '--out', experimentOut, ...shortRun.slice(2)], dir.path);
    expect({ code: experiment.exitCode, all: experiment.all }).toMatchObject({ code: 0 });
    expect((await readManifest(join(experimentOut, 'a', 'trial-1'))).status).toBe('ok');
  }, 60_000);
});
