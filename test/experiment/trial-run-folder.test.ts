/** A trial's run folder, made right before the trial: never through a link planted after the check before the trials. */
import { lstat, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import type { Trial } from '../../experiment/experiment-plan.js';
import { prepareFolder } from '../../experiment/prepare-folder.js';
import { claimTrialFolder } from '../../experiment/trial-run-folder.js';
import { claimFileName } from '../../run-folder/claim-file.js';

let root = '';
let experiment = '';
let elsewhere = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clocklab-trial-run-folder-'));
  experiment = join(root, 'exp');
  elsewhere = join(root, 'elsewhere');
  await mkdir(elsewhere);
});
afterEach(() => rm(root, { recursive: true, force: true }));

function trial(variant: string, k: number): Trial {
  const config = { ...RunConfig.parse({ eventRange: 5, durationSeconds: 2 }), seed: 7 };
  const dir = join(experiment, variant, `trial-${k}`);
  return { variant, k, of: 2, seed: 7, config, dir, runId: `x-${variant}`, realDurationMs: 2000 };
}

const refusal = (path: string, what = 'a link') =>
  `${path} is ${what}, not a folder: an experiment writes its trials only inside its own folder`;

/** The folder prepared for `trials` as the experiment does, with nothing planted yet: every trial is to run. */
async function prepared(trials: Trial[]): Promise<void> {
  const ready = await prepareFolder(experiment, trials);
  expect(ready).toMatchObject({ ok: true, toRun: trials });
}

describe('claimTrialFolder', () => {
  test('makes the variant and trial folders, real ones, and claims the trial folder until released', async () => {
    const t = trial('a', 1);
    await prepared([t]);
    const folder = await claimTrialFolder(t);
    if (folder.kind !== 'claimed') throw new Error(JSON.stringify(folder));
    expect((await lstat(join(experiment, 'a'))).isDirectory()).toBe(true);
    expect(await readdir(t.dir)).toEqual([claimFileName]);
    await folder.release();
    expect(await readdir(t.dir)).toEqual([]);
  });

  test('a link planted as the variant folder after the check: refused in its line, nothing written through it', async () => {
    const t = trial('a', 1);
    await prepared([t]);
    await symlink(elsewhere, join(experiment, 'a'));
    expect(await claimTrialFolder(t)).toEqual({ kind: 'planted', line: refusal(join(experiment, 'a')) });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('a link or a file planted as the trial folder after the check: refused in its line', async () => {
    const [first, second] = [trial('a', 1), trial('a', 2)];
    await prepared([first, second]);
    await mkdir(join(experiment, 'a'));
    await symlink(elsewhere, first.dir);
    await writeFile(second.dir, 'mine');
    expect(await claimTrialFolder(first)).toEqual({ kind: 'planted', line: refusal(first.dir) });
    expect(await claimTrialFolder(second)).toEqual({ kind: 'planted', line: refusal(second.dir, 'a file') });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('a folder it cannot make is no folder, named with why', async () => {
    const t = trial('a', 1);
    await prepared([t]);
    await rm(experiment, { recursive: true });
    expect(await claimTrialFolder(t)).toEqual({
      kind: 'no-folder',
      detail: `${join(experiment, 'a')}: cannot create the folder (ENOENT)`,
    });
  });
});
