import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { RunConfig } from '../../config/run-config.js';
import { type ExperimentPlan, writePlan } from '../../experiment/experiment-plan.js';
import type { LoadedExperiment } from '../../experiment/load-experiment.js';
import { readStoredPlan, settlePlan } from '../../experiment/settle-plan.js';

const loaded: LoadedExperiment = {
  name: 'alpha',
  description: null,
  file: 'alpha.json',
  seed: undefined,
  speed: null,
  parallel: 1,
  variants: [{ name: 'a1', description: null, config: RunConfig.parse({ durationSeconds: 10 }), trials: 2 }],
  sweep: null,
  claims: [],
};
const written: ExperimentPlan = { ...loaded, seed: 100 };

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-settle-plan-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('a new folder: the seed is the file one, or drawn', async () => {
  expect(await settlePlan(dir, { ...loaded, seed: 3 })).toEqual({ ok: true, plan: { ...loaded, seed: 3 } });
  const drawn = await settlePlan(dir, loaded);
  expect(drawn.ok && Number.isInteger(drawn.plan.seed)).toBe(true);
});

test('plan.json keeps the base seed for a resumed run', async () => {
  await writePlan(dir, written);
  expect(await readStoredPlan(dir)).toMatchObject({ kind: 'plan', plan: { name: 'alpha', seed: 100 } });
  expect(await settlePlan(dir, loaded)).toEqual({ ok: true, plan: written });
});

test("another experiment's plan.json is refused in one line naming the folder and what differs", async () => {
  await writePlan(dir, written);
  const before = await readFile(join(dir, 'plan.json'), 'utf8');
  const beta = { ...loaded, name: 'beta', variants: loaded.variants.map((v) => ({ ...v, name: 'b1' })) };
  expect(await settlePlan(dir, beta)).toEqual({
    ok: false,
    reason: 'another-experiment',
    problem:
      `${dir} holds another experiment (plan.json: name alpha, now beta; variant a1 not in this run; variant b1 not ` +
      'in the plan); nothing was changed: give another --out, or resume it with its own experiment file and options',
  });
  expect(await settlePlan(dir, { ...loaded, seed: 7 })).toMatchObject({
    ok: false,
    problem: expect.stringContaining('(plan.json: seed 100, now 7)'),
  });
  expect(await readFile(join(dir, 'plan.json'), 'utf8')).toBe(before);
});

test('a plan.json that is not an experiment plan is refused, not overwritten', async () => {
  await writeFile(join(dir, 'plan.json'), '{"mine": true}');
  const refused = await settlePlan(dir, loaded);
  expect(refused).toMatchObject({ ok: false, reason: 'unreadable-plan' });
  expect(refused.ok ? '' : refused.problem).toMatch(
    new RegExp(`^${join(dir, 'plan.json')} cannot be read as an experiment's plan \\(name: .*\\); nothing was changed`),
  );
  await writeFile(join(dir, 'plan.json'), 'not json');
  expect(await readStoredPlan(dir)).toMatchObject({
    kind: 'unreadable',
    detail: expect.stringMatching(/^not valid JSON/),
  });
});

test('a link or a folder under its name is no plan: it is never read through', async () => {
  const victim = join(dir, 'victim.txt');
  await writeFile(victim, 'precious\n');
  await mkdir(join(dir, 'exp'));
  await symlink(victim, join(dir, 'exp', 'plan.json'));
  expect(await readStoredPlan(join(dir, 'exp'))).toEqual({ kind: 'none' });
  await mkdir(join(dir, 'other', 'plan.json'), { recursive: true });
  expect(await readStoredPlan(join(dir, 'other'))).toEqual({ kind: 'none' });
  expect((await lstat(victim)).isFile()).toBe(true);
});

test('a stored seed with no room for the trials now asked for is refused, naming --trials and the seed', async () => {
  await writePlan(dir, { ...written, seed: 2_147_483_640 });
  const more: LoadedExperiment = { ...loaded, variants: loaded.variants.map((v) => ({ ...v, trials: 20 })) };
  const settled = await settlePlan(dir, more);
  expect(settled).toMatchObject({ ok: false, reason: 'no-seed-room' });
  expect(settled.ok ? '' : settled.problem).toMatch(
    /^--trials: found 20; allowed: seed \+ trials - 1 <= 2147483647 \(seed 2147483640 in /,
  );
  expect(await settlePlan(dir, loaded)).toMatchObject({ ok: true });
});
