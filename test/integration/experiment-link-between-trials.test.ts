/**
 * A link planted in an experiment folder after its check before the trials, and before the trial it would take:
 * refused when that trial's folder is made, with the line and the exit code of the check before the trials, and
 * nothing written where it points. The launcher is held (SIGSTOP) while its first trial runs, so the link is planted
 * between the check and the second trial whatever the machine's speed; sim trials keep it quick.
 */
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, readManifest, tempDir, waitForPath } from './cli-harness.js';

/** Three variants, one trial each, one at a time in order: "a" runs first, long enough to be held while it runs. */
const experiment = {
  name: 'link-between-trials',
  base: { machines: 8, clockRate: { min: 200, max: 400 }, eventRange: 10, durationSeconds: 60, engine: 'sim' },
  trials: 1,
  seed: 3,
  parallel: 1,
  variants: [
    { name: 'a' },
    { name: 'b', overrides: { durationSeconds: 5 } },
    { name: 'c', overrides: { durationSeconds: 5 } },
  ],
};

describe('a link planted between the check and a trial', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(join(dir.path, 'experiment.json'), JSON.stringify(experiment));
  });
  afterAll(() => dir.remove());

  async function plantWhileFirstTrialRuns(name: string, plant: (out: string, elsewhere: string) => Promise<string>) {
    const out = join(dir.path, name);
    const elsewhere = join(dir.path, `${name}-elsewhere`);
    await mkdir(elsewhere);
    const run = launcher(['experiment', 'experiment.json', '--out', out], dir.path);
    const pid = run.pid ?? 0;
    let planted = '';
    try {
      await waitForPath(join(out, 'a', 'trial-1', 'vm-0.csv'), run);
      process.kill(pid, 'SIGSTOP');
      // Held while trial a/1 runs (no manifest yet): trial b/1 has not begun.
      expect(await readdir(join(out, 'a', 'trial-1'))).not.toContain('manifest.json');
      planted = await plant(out, elsewhere);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    return { result: await run, out, elsewhere, planted };
  }

  test.each([
    ['variant', (out: string, elsewhere: string) => symlink(elsewhere, join(out, 'b')).then(() => join(out, 'b'))],
    [
      'trial',
      async (out: string, elsewhere: string) => {
        await mkdir(join(out, 'b'));
        await symlink(elsewhere, join(out, 'b', 'trial-1'));
        return join(out, 'b', 'trial-1');
      },
    ],
  ])('a link planted as the %s folder: the pre-run line, exit 2, nothing written through it', async (name, plant) => {
    const { result, out, elsewhere, planted } = await plantWhileFirstTrialRuns(name, plant);
    expect(result.exitCode).toBe(2);
    const line = `${planted} is a link, not a folder: an experiment writes its trials only inside its own folder`;
    expect(result.stderr.split('\n').filter((l) => l.includes(planted))).toEqual([line]);
    expect(await readdir(elsewhere)).toEqual([]);
    // The trial run before it is kept, whole; no trial starts after it; no summary.
    expect((await readManifest(join(out, 'a', 'trial-1'))).status).toBe('ok');
    expect((await readdir(out)).filter((name) => name === 'c' || name.startsWith('summary'))).toEqual([]);
  });
});
