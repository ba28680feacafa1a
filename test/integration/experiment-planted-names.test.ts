/**
 * An experiment folder's own files (plan.json, summary.*) are written whole to an exclusive temporary name and
 * renamed: a link planted beside them is never followed, and a name that cannot be replaced ends in one line and
 * exit 2 with no temporary file left. The summary used to be written through a planted `summary.md.tmp` link.
 */
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, tempDir } from './cli-harness.js';

const experiment = {
  name: 'planted',
  base: { machines: 2, durationSeconds: 5, engine: 'sim' },
  trials: 1,
  seed: 3,
  variants: [{ name: 'base' }],
};

describe("an experiment's own files beside planted names", () => {
  let dir: { path: string; remove(): Promise<void> };
  let victim = '';
  beforeAll(async () => {
    dir = await tempDir();
    victim = join(dir.path, 'victim.txt');
    await writeFile(join(dir.path, 'planted.json'), JSON.stringify(experiment));
  });
  afterAll(() => dir.remove());

  /** A complete experiment folder, run once. */
  async function experimentFolder(name: string): Promise<string> {
    const out = join(dir.path, name);
    const first = await launcher(['experiment', 'planted.json', '--out', out], dir.path);
    expect(first.exitCode).toBe(0);
    return out;
  }
  const again = (out: string) => launcher(['experiment', 'planted.json', '--out', out], dir.path);
  const temporaries = async (out: string) => (await readdir(out)).filter((name) => /\.\d+\.tmp$/.test(name));

  test('links planted at summary.md.tmp and summary.json.tmp are not followed: their target is left as it was', async () => {
    const out = await experimentFolder('links');
    await writeFile(victim, 'precious\n');
    await symlink(victim, join(out, 'summary.md.tmp'));
    await symlink(victim, join(out, 'summary.json.tmp'));
    const result = await again(out);
    expect(result.exitCode).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    for (const name of ['plan.json', 'summary.md', 'summary.json', 'summary.html']) {
      expect({ name, file: (await lstat(join(out, name))).isFile() }).toEqual({ name, file: true });
    }
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toMatch(/^# Experiment planted\n/);
    expect(await temporaries(out)).toEqual([]);
  });

  test('a plan.json link is replaced by the plan, not written through', async () => {
    const out = await experimentFolder('plan-link');
    await writeFile(victim, 'precious\n');
    const plan = join(out, 'plan.json');
    await rm(plan);
    await symlink(victim, plan);
    const result = await again(out);
    expect(result.exitCode).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect((await lstat(plan)).isFile()).toBe(true);
    expect(JSON.parse(await readFile(plan, 'utf8'))).toMatchObject({ name: 'planted', seed: 3 });
  });

  test('a folder named summary.md: one line naming it, exit 2, no temporary file left', async () => {
    const out = await experimentFolder('summary-folder');
    await rm(join(out, 'summary.md'));
    await mkdir(join(out, 'summary.md'));
    const run = again(out);
    const result = await run;
    expect(result.exitCode).toBe(2);
    const file = join(out, 'summary.md');
    const lines = result.stderr.split('\n').filter((line) => line.includes('summary.md'));
    expect(lines).toEqual([
      `experiment summary not written: cannot rename ${file}.${run.pid}.tmp to ${file} (EISDIR); the trials are kept in ${out}, and the same command writes it`,
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await temporaries(out)).toEqual([]);
  });

  test('a folder named plan.json: one line naming it, exit 2, no trial run, no temporary file left', async () => {
    const out = join(dir.path, 'plan-folder');
    await mkdir(join(out, 'plan.json'), { recursive: true });
    const run = again(out);
    const result = await run;
    expect(result.exitCode).toBe(2);
    const file = join(out, 'plan.json');
    expect(result.stderr.trim()).toBe(
      `experiment folder: cannot rename ${file}.${run.pid}.tmp to ${file} (EISDIR); no trial was run`,
    );
    expect((await readdir(out)).sort()).toEqual(['plan.json']);
  });
});
