/**
 * `launcher run CONFIG 2>&1 | head -1`, `launcher experiment EXP 2>&1 | head -1`: the reader exits after the first
 * line, long before the work is done. What the launcher says after that is dropped, the work is not: the run (every
 * trial of the experiment) goes on to its end, status ok, exit code its own (the lost output was once taken for a
 * hangup: the running trial was stopped, `interrupted`, the rest never ran, exit 130).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { launcherBin, readManifest, tempDir, track } from './cli-harness.js';

/** `launcher ARGS` with `redirect` (bash), exiting with the launcher's own code, not its reader's. */
function launcherInto(redirect: string, args: string[], cwd: string) {
  const command = [process.execPath, launcherBin, ...args].map((word) => `'${word}'`).join(' ');
  return track(execa('bash', ['-c', `${command} ${redirect}; exit "\${PIPESTATUS[0]}"`], { cwd, reject: false }));
}

describe('the reader of the output exits early', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    // 6 s: the plain progress line at 5 s is written well after the reader is gone.
    await writeFile(
      join(dir.path, 'run.json'),
      JSON.stringify({ machines: 2, clockRates: [5, 10], durationSeconds: 6, seed: 3 }),
    );
    await writeFile(
      join(dir.path, 'short.json'),
      JSON.stringify({ machines: 2, clockRates: [5, 10], durationSeconds: 1, seed: 3 }),
    );
    await writeFile(
      join(dir.path, 'exp.json'),
      JSON.stringify({
        name: 'piped',
        base: 'short.json',
        trials: 2,
        seed: 1,
        variants: [
          { name: 'a', overrides: {} },
          { name: 'b', overrides: { eventRange: 5 } },
        ],
      }),
    );
  });
  afterAll(() => dir.remove());

  async function expectWholeRun(out: string) {
    const manifest = await readManifest(out);
    expect([manifest.status, manifest.vms.map((vm) => vm.ticks)]).toEqual(['ok', [30, 60]]);
  }

  test('run 2>&1 | head -1: the run ends ok with its summary, check and report, exit 0', async () => {
    const out = join(dir.path, 'run-both');
    const result = await launcherInto('2>&1 | head -1', ['run', 'run.json', '--out', out], dir.path);
    expect(result.stdout).toMatch(/^clocklab run /);
    expect(result.exitCode).toBe(0);
    await expectWholeRun(out);
    expect((await readdir(out)).sort()).toEqual(
      ['check.json', 'manifest.json', 'report.html', 'summary.json', 'vm-0.csv', 'vm-1.csv'].sort(),
    );
  });

  test("run 2> >(head -1): standard error's lines are dropped, standard output still has the whole result", async () => {
    const out = join(dir.path, 'run-stderr');
    const result = await launcherInto('2> >(head -1 >/dev/null)', ['run', 'run.json', '--out', out], dir.path);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/check: valid: .*\nreport: .*\nrun folder: /);
    await expectWholeRun(out);
  });

  test('experiment 2>&1 | head -1: every trial runs, ok, and the summary is written, exit 0', async () => {
    const out = join(dir.path, 'exp');
    const result = await launcherInto('2>&1 | head -1', ['experiment', 'exp.json', '--out', out], dir.path);
    expect(result.stdout).toMatch(/^clocklab experiment piped: /);
    expect(result.exitCode).toBe(0);
    const trials = ['a/trial-1', 'a/trial-2', 'b/trial-1', 'b/trial-2'];
    const statuses = await Promise.all(trials.map(async (trial) => (await readManifest(join(out, trial))).status));
    expect(statuses).toEqual(['ok', 'ok', 'ok', 'ok']);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.variants.map((variant: { trials: unknown }) => variant.trials)).toEqual([
      { planned: 2, ok: 2 },
      { planned: 2, ok: 2 },
    ]);
  });
});
