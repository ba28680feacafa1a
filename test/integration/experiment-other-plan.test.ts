/**
 * An experiment folder holds one experiment. Another experiment file (or the same one with another seed or speed)
 * given its --out used to run beside it and write its own plan.json and summaries over the first one's; now it is
 * refused in one line, exit 2, every file left as it was. A resume (the same options, more trials, another
 * --parallel) still runs only what is missing and rewrites the summaries over every trial.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ExperimentSummary } from '../../experiment/summarize-experiment.js';
import { launcher, readManifest, tempDir } from './cli-harness.js';

// Real processes, 2 VMs, 1 s trials (10 s at --speed 10).
const alpha = {
  name: 'alpha',
  base: { machines: 2, durationSeconds: 10 },
  trials: 1,
  seed: 5,
  variants: [{ name: 'a1' }, { name: 'a2', overrides: { eventRange: 5 } }],
};
const beta = { ...alpha, name: 'beta', variants: [{ name: 'b1' }] };

/** Every file under `dir` with its bytes and modification time, and every folder. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const name = path.slice(dir.length + 1);
    // A folder's own time changes with the refused run's claim file, made and removed in it.
    files[name] = entry.isFile() ? `${(await stat(path)).mtimeMs} ${await readFile(path, 'base64')}` : 'folder';
  }
  return files;
}

describe("another experiment on an experiment's folder", () => {
  let dir: { path: string; remove(): Promise<void> };
  let out = '';
  const run = (file: string, ...options: string[]) =>
    launcher(['experiment', file, '--speed', '10', ...options, '--out', out], dir.path);

  beforeAll(async () => {
    dir = await tempDir();
    out = join(dir.path, 'alpha-out');
    await writeFile(join(dir.path, 'alpha.json'), JSON.stringify(alpha));
    await writeFile(join(dir.path, 'beta.json'), JSON.stringify(beta));
    const first = await run('alpha.json', '--parallel', '2');
    expect({ exit: first.exitCode, stderr: first.stderr }).toMatchObject({ exit: 0 });
  }, 120_000);
  afterAll(() => dir.remove());

  test('another experiment file: one line naming the folder and what differs, exit 2, every file untouched', async () => {
    const before = await snapshot(out);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['plan.json', 'summary.md', 'summary.html']));
    const other = await run('beta.json');
    expect({ exit: other.exitCode, stderr: other.stderr.trim(), stdout: other.stdout }).toEqual({
      exit: 2,
      stderr:
        `${out} holds another experiment (plan.json: name alpha, now beta; variants a1, a2 not in this run; ` +
        'variant b1 not in the plan); nothing was changed: give another --out, or resume it with its own ' +
        'experiment file and options',
      stdout: '',
    });
    expect(await snapshot(out)).toEqual(before);
  }, 60_000);

  test('the same file with another seed or speed: refused the same way, nothing touched', async () => {
    const before = await snapshot(out);
    const seed = await run('alpha.json', '--seed', '9');
    expect({ exit: seed.exitCode, stderr: seed.stderr.trim() }).toEqual({
      exit: 2,
      stderr: expect.stringMatching(/^\S+ holds another experiment \(plan\.json: seed 5, now 9\); nothing was changed/),
    });
    const speed = await launcher(['experiment', 'alpha.json', '--out', out], dir.path);
    expect({ exit: speed.exitCode, stderr: speed.stderr.trim() }).toEqual({
      exit: 2,
      stderr: expect.stringContaining('(plan.json: speed 10, now 1 (every variant));'),
    });
    expect(await snapshot(out)).toEqual(before);
  }, 60_000);

  test('a resume with its options, more trials and another --parallel runs only what is missing', async () => {
    const kept = (await readManifest(join(out, 'a1', 'trial-1'))).startedAt;
    const resumed = await run('alpha.json', '--trials', '2', '--parallel', '1');
    expect({ exit: resumed.exitCode, stderr: resumed.stderr }).toMatchObject({ exit: 0 });
    expect(resumed.stderr).toMatch(/4 trials at speed 10, base seed 5; 2 complete already, 2 to run/);
    expect((await readManifest(join(out, 'a1', 'trial-1'))).startedAt).toBe(kept);
    // The summaries are rewritten over all four trials, old and new.
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(summary.variants.map((v) => [v.name, v.trials])).toEqual([
      ['a1', { planned: 2, ok: 2 }],
      ['a2', { planned: 2, ok: 2 }],
    ]);
    expect(summary.trials.map((t) => `${t.variant} ${t.k} ${t.status}`).sort()).toEqual([
      'a1 1 ok',
      'a1 2 ok',
      'a2 1 ok',
      'a2 2 ok',
    ]);
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('| figure | a1 | a2 |');
    const plan = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as { parallel: number; seed: number };
    expect(plan).toMatchObject({ name: 'alpha', seed: 5, parallel: 1 });
  }, 120_000);
});
