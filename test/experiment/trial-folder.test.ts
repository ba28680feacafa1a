import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import type { Trial } from '../../experiment/experiment-plan.js';
import { prepareFolder } from '../../experiment/prepare-folder.js';
import { moveAside, trialState } from '../../experiment/trial-folder.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clocklab-trial-folder-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

function trial(variant: string, k: number, seed = 7): Trial {
  const config = { ...RunConfig.parse({ eventRange: 5, durationSeconds: 2 }), seed };
  return {
    variant,
    k,
    of: 3,
    seed,
    config,
    dir: join(root, variant, `trial-${k}`),
    runId: `x-${variant}`,
    realDurationMs: 2000,
  };
}

async function writeManifest(t: Trial, status: string, config: object = t.config): Promise<void> {
  await mkdir(t.dir, { recursive: true });
  // Key order differs from the plan's on purpose: configs are compared by value.
  const reordered = Object.fromEntries(Object.entries(config).reverse());
  await writeFile(join(t.dir, 'manifest.json'), JSON.stringify({ status, config: reordered, clockRates: [1, 2, 3] }));
}

describe('trialState', () => {
  test('absent: no folder, or an empty one', async () => {
    const t = trial('a', 1);
    expect(await trialState(t)).toEqual({ kind: 'absent' });
    await mkdir(t.dir, { recursive: true });
    expect(await trialState(t)).toEqual({ kind: 'absent' });
  });

  test('incomplete: CSVs without a manifest, a broken manifest, a failed or interrupted run', async () => {
    const t = trial('a', 1);
    await mkdir(t.dir, { recursive: true });
    await writeFile(join(t.dir, 'vm-0.csv'), 'vm,tick\n');
    expect(await trialState(t)).toEqual({ kind: 'incomplete', why: 'no manifest.json' });
    await writeFile(join(t.dir, 'manifest.json'), '{ "sta');
    expect(await trialState(t)).toMatchObject({
      kind: 'incomplete',
      why: expect.stringMatching(/^manifest.json unreadable/),
    });
    await writeFile(join(t.dir, 'manifest.json'), '[]');
    expect(await trialState(t)).toEqual({
      kind: 'incomplete',
      why: 'manifest.json unreadable ((top level): found []; allowed: an object)',
    });
    // Hand-edited to say ok after failed: not taken as complete on the last key's word.
    await writeFile(join(t.dir, 'manifest.json'), '{"status":"failed","status":"ok"}');
    expect(await trialState(t)).toEqual({
      kind: 'incomplete',
      why: 'manifest.json unreadable (status: duplicate key "status" at 1:20 (line:column), first at 1:2; allowed: each key once per object)',
    });
    for (const status of ['failed', 'interrupted']) {
      await writeManifest(t, status);
      expect(await trialState(t)).toEqual({ kind: 'incomplete', why: `status ${status}` });
    }
  });

  test('complete: status ok with the planned config', async () => {
    const t = trial('a', 1);
    await writeManifest(t, 'ok');
    expect(await trialState(t)).toMatchObject({ kind: 'complete', manifest: { status: 'ok' } });
  });

  test('conflict: status ok but another config, naming what differs', async () => {
    const t = trial('a', 1);
    await writeManifest(t, 'ok', { ...t.config, seed: 99, eventRange: 10 });
    expect(await trialState(t)).toEqual({
      kind: 'conflict',
      detail: `${t.dir} was run with another config (eventRange 10, now 5; seed 99, now 7)`,
    });
  });

  test('engine: "processes" given or left out is the same trial; the sim engine is another, named as such', async () => {
    const t = trial('a', 1);
    expect('engine' in t.config).toBe(false);
    await writeManifest(t, 'ok', { ...t.config, engine: 'processes' });
    expect(await trialState(t)).toMatchObject({ kind: 'complete' });
    const given = { ...t, config: { ...t.config, engine: 'processes' as const } };
    await writeManifest(given, 'ok', t.config);
    expect(await trialState(given)).toMatchObject({ kind: 'complete' });
    const sim = { ...t, config: { ...t.config, engine: 'sim' as const } };
    expect(await trialState(sim)).toEqual({
      kind: 'conflict',
      detail: `${t.dir} was run with another config (engine "processes", now "sim")`,
    });
  });
});

test('moveAside keeps an incomplete folder under .incomplete/', async () => {
  const t = trial('a', 2);
  await mkdir(t.dir, { recursive: true });
  await writeFile(join(t.dir, 'vm-0.csv'), 'partial');
  const moved = await moveAside(t, root);
  if (!moved.ok) throw new Error(moved.problem);
  const target = moved.target;
  expect(target).toMatch(/\/\.incomplete\/a-trial-2-\d{8}-\d{9}$/);
  expect(await readdir(target)).toEqual(['vm-0.csv']);
  expect(await trialState(t)).toEqual({ kind: 'absent' });
});

test('moveAside says in one line why it could not move a folder, instead of throwing', async () => {
  const t = trial('gone', 1);
  const moved = await moveAside(t, root);
  expect(moved).toEqual({ ok: false, problem: `${t.dir}: cannot move the incomplete trial aside (ENOENT)` });
});

test('moveAside never moves a trial through a link planted as .incomplete', async () => {
  const t = trial('a', 2);
  await mkdir(t.dir, { recursive: true });
  const elsewhere = join(root, 'elsewhere');
  await mkdir(elsewhere);
  await symlink(elsewhere, join(root, '.incomplete'));
  expect(await moveAside(t, root)).toEqual({
    ok: false,
    problem: `${t.dir}: cannot move the incomplete trial aside (${join(root, '.incomplete')} is not a folder)`,
  });
  expect(await readdir(elsewhere)).toEqual([]);
  expect(await readdir(t.dir)).toEqual([]);
});

describe('prepareFolder', () => {
  test('keeps complete trials, moves incomplete ones aside, and runs the rest', async () => {
    const trials = [trial('a', 1), trial('a', 2), trial('a', 3)];
    await writeFile(join(root, 'plan.json'), '{}');
    await writeManifest(trials[0] as Trial, 'ok');
    await writeManifest(trials[1] as Trial, 'failed');
    const prepared = await prepareFolder(root, trials);
    if (!prepared.ok) throw new Error(prepared.problems.join('\n'));
    expect(prepared.toRun.map((t) => t.k)).toEqual([2, 3]);
    expect(prepared.complete).toBe(1);
    expect(prepared.movedAside).toEqual([expect.stringMatching(/trial-2 was incomplete \(status failed\): moved to /)]);
    expect(await readdir(join(root, 'a'))).toEqual(['trial-1']);
  });

  test('refuses a link planted as a variant or trial folder: nothing is written where it points', async () => {
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    const dir = join(root, 'exp');
    await mkdir(dir);
    await writeFile(join(dir, 'plan.json'), '{}');
    await symlink(elsewhere, join(dir, 'a'));
    const planned = { ...trial('a', 1), dir: join(dir, 'a', 'trial-1') };
    const refused = await prepareFolder(dir, [planned]);
    expect(refused).toEqual({
      ok: false,
      reason: 'conflict',
      problems: [
        `${join(dir, 'a')} is a link, not a folder: an experiment writes its trials only inside its own folder`,
      ],
    });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('refuses a folder of other files, and an experiment run with other settings', async () => {
    await writeFile(join(root, 'notes.txt'), 'mine');
    const other = await prepareFolder(root, [trial('a', 1)]);
    expect(other).toMatchObject({ ok: false, reason: 'not-an-experiment' });

    const dir = join(root, 'exp');
    const planned = { ...trial('a', 1), dir: join(dir, 'a', 'trial-1') };
    await writeManifest(planned, 'ok', { ...planned.config, seed: 3 });
    await writeFile(join(dir, 'plan.json'), '{}');
    const conflict = await prepareFolder(dir, [planned]);
    expect(conflict).toMatchObject({ ok: false, reason: 'conflict' });
    expect(conflict.ok ? [] : conflict.problems).toEqual([
      `${planned.dir} was run with another config (seed 3, now 7)`,
      `${dir} holds another experiment's trials; give another --out, or the same settings`,
    ]);
  });
});
