/**
 * The notebook study (shortened: 2 trials of 20 s at speed 20, seeds 1000-1001 as in the bench) under both engines,
 * through the built CLI, compared figure by figure as the bench does (bench/sim-validation.ts); and replay:
 * `launcher run` of a real trial's own config and seed under sim gives, byte for byte, the sim study's trial.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { compareStudies, formatComparison, readStudy } from '../../bench/sim-validation.js';
import { launcher, projectRoot, readManifest, tempDir } from '../integration/cli-harness.js';

const variants = ['original', 'smaller-variation', 'rates-3-5', 'events-1-5'];
const study = (out: string) => [
  'experiment',
  join(projectRoot, 'config/experiment.json'),
  '--speed',
  '20',
  '--trials',
  '2',
  '--duration',
  '20',
  '--seed',
  '1000',
  '--out',
  out,
];

let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await tempDir();
  const [real, sim] = await Promise.all([
    launcher([...study(join(dir.path, 'real')), '--parallel', '4'], dir.path),
    launcher([...study(join(dir.path, 'sim')), '--engine', 'sim'], dir.path),
  ]);
  expect([real.exitCode, sim.exitCode]).toEqual([0, 0]);
}, 180_000);

afterAll(async () => {
  await dir.remove();
});

describe('sim against processes on the notebook study', () => {
  test('every variant has jump, queue, drift and gap figures from both engines, printed side by side', async () => {
    const rows = compareStudies(await readStudy(join(dir.path, 'real')), await readStudy(join(dir.path, 'sim')));
    console.log(formatComparison(rows));
    expect(rows.map((r) => `${r.variant} ${r.figure}`)).toEqual(
      variants.flatMap((v) => ['jump mean', 'queue mean', 'drift mean', 'gap share'].map((f) => `${v} ${f}`)),
    );
    const missing = rows.filter((r) => r.real.n !== 2 || r.sim.n !== 2 || !Number.isFinite(r.sim.mean ?? Number.NaN));
    expect(missing.map((r) => `${r.variant} ${r.figure}: real n ${r.real.n}, sim n ${r.sim.n}`)).toEqual([]);
  });

  test('every sim trial says so in its manifest, and the real ones do not', async () => {
    const engines = await Promise.all(
      variants.flatMap((v) =>
        ['real', 'sim'].map(
          async (engine) => `${engine} ${(await readManifest(join(dir.path, engine, v, 'trial-1'))).engine}`,
        ),
      ),
    );
    expect(engines).toEqual(variants.flatMap(() => ['real undefined', 'sim sim']));
  });

  test("replay: a real trial's config and seed under `launcher run --engine sim` is the sim trial, byte for byte", async () => {
    const manifest = await readManifest(join(dir.path, 'real', 'rates-3-5', 'trial-2'));
    const file = join(dir.path, 'replay.json');
    await writeFile(file, JSON.stringify(manifest.config));
    const replay = await launcher(['run', file, '--engine', 'sim', '--out', join(dir.path, 'replay')], dir.path);
    expect(replay.exitCode).toBe(0);
    for (const vm of [0, 1, 2]) {
      const [a, b] = await Promise.all([
        readFile(join(dir.path, 'replay', `vm-${vm}.csv`)),
        readFile(join(dir.path, 'sim', 'rates-3-5', 'trial-2', `vm-${vm}.csv`)),
      ]);
      expect([vm, a.equals(b)]).toEqual([vm, true]);
    }
  });
});
