import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { claimIds } from '../../config/claim-request.js';
import { parseExperimentConfig } from '../../config/parse-experiment.js';
import { type LoadExperimentResult, loadExperiment } from '../../experiment/load-experiment.js';

const shipped = fileURLToPath(new URL('../../config/experiment.json', import.meta.url));

const problemsOf = (result: LoadExperimentResult | ReturnType<typeof parseExperimentConfig>): string[] => {
  if (result.ok) throw new Error('expected the experiment to be refused');
  return result.problems;
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-experiment-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function writeJson(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the shipped experiment', () => {
  test("reproduces the notebook's study: the original, the smaller variation, and each change alone", async () => {
    const result = await loadExperiment(shipped);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { experiment } = result;
    expect(experiment.name).toBe('notebook-study');
    expect(experiment.seed).toBe(1);
    const setups = experiment.variants.map((v) => [v.name, v.config.clockRate, v.config.eventRange, v.trials]);
    expect(setups).toEqual([
      ['original', { min: 1, max: 6 }, 10, 15],
      ['smaller-variation', { min: 3, max: 5 }, 5, 15],
      ['rates-3-5', { min: 3, max: 5 }, 10, 15],
      ['events-1-5', { min: 1, max: 6 }, 5, 15],
    ]);
    // It judges every one of the notebook's claims, the variation ones against its two one-change variants.
    expect(experiment.claims.map((c) => c.id)).toEqual([...claimIds]);
    expect(experiment.claims.filter((c) => c.kind === 'variation')).toEqual(
      ['variation-smaller-jumps', 'variation-shorter-queues', 'variation-less-drift'].map((id) => ({
        id,
        kind: 'variation',
        baseline: 'original',
        changed: 'smaller-variation',
        parts: ['rates-3-5', 'events-1-5'],
      })),
    );
    for (const variant of experiment.variants) {
      expect(variant.config).toMatchObject({ machines: 3, durationSeconds: 60, speed: 1, network: { basePort: 0 } });
    }
  });

  test('command-line options apply to every variant', async () => {
    const result = await loadExperiment(shipped, { speed: 20, trials: 2, durationSeconds: 10, seed: 9, parallel: 3 });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.experiment).toMatchObject({ speed: 20, seed: 9, parallel: 3 });
    for (const variant of result.experiment.variants) {
      expect([variant.trials, variant.config.speed, variant.config.durationSeconds]).toEqual([2, 20, 10]);
    }
  });
});

describe('the experiment schema', () => {
  const valid = { base: {}, variants: [{ name: 'a' }] };

  test('defaults: 5 trials, one at a time, no overrides', () => {
    const result = parseExperimentConfig(valid, 'x.json');
    expect(result).toEqual({
      ok: true,
      experiment: { base: {}, trials: 5, parallel: 1, claims: [], variants: [{ name: 'a', overrides: {} }] },
    });
  });

  test('a problem inside a variant names the variant and the field, one line each', () => {
    const raw = {
      ...valid,
      trials: 0,
      colour: 'red',
      variants: [{ name: 'fast', trials: 0, overrides: { seed: 3 } }, { name: 'Bad Name' }, { name: 'fast' }],
    };
    expect(problemsOf(parseExperimentConfig(raw, 'x.json')).sort()).toEqual(
      [
        'x.json: (top level): unknown key "colour"; allowed: only the keys of an experiment file (README, Experiments)',
        'x.json: trials: found 0; allowed: a value >= 1',
        'x.json: variant "fast" (variants[0]): trials: found 0; allowed: a value >= 1',
        'x.json: variant "fast" (variants[0]): overrides.seed: found 3; allowed: only for the whole experiment ("seed" at the top level or --seed)',
        'x.json: variant "Bad Name" (variants[1]): name: found "Bad Name"; allowed: lower-case letters, digits and "-" (not first), at most 64 characters',
        'x.json: variant "fast" (variants[2]): name: found "fast"; allowed: a name no other variant has',
      ].sort(),
    );
  });

  test('a base that is neither a path nor an object is refused', () => {
    expect(problemsOf(parseExperimentConfig({ ...valid, base: 3 }, 'x.json'))).toEqual([
      'x.json: base: allowed: a path to a run config (relative to the experiment file) or a run config object',
    ]);
  });

  test('the last trial seed must stay a valid seed', () => {
    expect(problemsOf(parseExperimentConfig({ ...valid, seed: 2_147_483_647, trials: 2 }, 'x.json'))).toEqual([
      'x.json: seed: found 2147483647; allowed: seed + trials - 1 <= 2147483647',
    ]);
  });

  test('no variants is refused', () => {
    expect(problemsOf(parseExperimentConfig({ variants: [] }, 'x.json'))).toEqual([
      'x.json: variants: found none; allowed: at least one variant or a sweep',
    ]);
  });
});

describe('loadExperiment', () => {
  test('a variant is validated as a run config after its overrides are merged onto the base', async () => {
    await writeJson('base.json', { machines: 3, clockRates: [1, 2, 3], eventRange: 10 });
    const file = await writeJson('exp.json', {
      base: 'base.json',
      variants: [
        { name: 'ok', overrides: { clockRate: { min: 3, max: 5 } } },
        { name: 'bad', overrides: { eventRange: 2, machines: 4 } },
        { name: 'lost', config: 'nope.json' },
      ],
    });
    expect(problemsOf(await loadExperiment(file))).toEqual([
      `${file}: variant "bad" (variants[1]): eventRange: found 2; allowed: a value >= 3`,
      `${file}: variant "bad" (variants[1]): clockRates: found 3 rates; allowed: exactly one per machine (4)`,
      `${file}: variant "lost" (variants[2]): config: nope.json: cannot read the config (ENOENT)`,
    ]);
  });

  test("every variant's problems in one pass: a variant of the wrong shape or with a seed hides no other's", async () => {
    const file = await writeJson('exp-all.json', {
      base: { machines: 3 },
      variants: [
        { name: 'null', overrides: null },
        { name: 'low', overrides: { eventRange: 2 } },
        { name: 'seeded', overrides: { seed: 4 } },
        { name: 'one', overrides: { machines: 1 } },
        7,
        { name: 'ok' },
        { name: 'ok' },
        { name: 'short', overrides: { durationSeconds: 0 } },
      ],
      sweep: { eventRange: [1, 5] },
      // A claim may name a refused variant (its own lines say what is wrong); an unknown name is still a line.
      claims: [{ id: 'slow-vms-more-drift', variants: ['null', 'ok', 'zzz', 'eventrange-5'] }],
    });
    expect(problemsOf(await loadExperiment(file))).toEqual([
      `${file}: variant "null" (variants[0]): overrides: found null; allowed: a record`,
      `${file}: variants[4]: found 7; allowed: an object`,
      `${file}: variant "seeded" (variants[2]): overrides.seed: found 4; allowed: only for the whole experiment ("seed" at the top level or --seed)`,
      `${file}: variant "ok" (variants[6]): name: found "ok"; allowed: a name no other variant has`,
      `${file}: variant "low" (variants[1]): eventRange: found 2; allowed: a value >= 3`,
      `${file}: variant "one" (variants[3]): machines: found 1; allowed: a value >= 2`,
      `${file}: variant "short" (variants[7]): durationSeconds: found 0; allowed: a value > 0`,
      `${file}: sweep point eventRange=1 ("eventrange-1"): eventRange: found 1; allowed: a value >= 3`,
      `${file}: claims[0] (slow-vms-more-drift): variants: found "zzz"; allowed: a variant of this experiment (null, low, seeded, one, ok, short, ...)`,
    ]);
  });

  test("a seed override alone (a refinement, not a shape) hides no other variant's run config problem", async () => {
    const file = await writeJson('exp-seed.json', {
      base: { machines: 3 },
      variants: [
        { name: 'seeded', overrides: { seed: 4 } },
        { name: 'one', overrides: { machines: 1 } },
      ],
    });
    expect(problemsOf(await loadExperiment(file))).toEqual([
      `${file}: variant "seeded" (variants[0]): overrides.seed: found 4; allowed: only for the whole experiment ("seed" at the top level or --seed)`,
      `${file}: variant "one" (variants[1]): machines: found 1; allowed: a value >= 2`,
    ]);
  });

  test('a variant may bring its own config, inline or as a file, with overrides on top', async () => {
    await writeJson('own.json', { machines: 5, eventRange: 7 });
    const file = await writeJson('exp-own.json', {
      base: { machines: 2 },
      trials: 3,
      variants: [
        { name: 'from-base' },
        { name: 'from-file', config: 'own.json', overrides: { eventRange: 8 }, trials: 1 },
        { name: 'inline', config: { machines: 4 } },
      ],
    });
    const result = await loadExperiment(file);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const shapes = result.experiment.variants.map((v) => [v.name, v.config.machines, v.config.eventRange, v.trials]);
    expect(shapes).toEqual([
      ['from-base', 2, 10, 3],
      ['from-file', 5, 8, 1],
      ['inline', 4, 10, 3],
    ]);
    expect(result.experiment.name).toBe('exp-own');
    expect(result.experiment.seed).toBeUndefined();
  });

  test('trials in parallel need ephemeral ports', async () => {
    const file = await writeJson('exp-ports.json', {
      base: { network: { basePort: 7000 } },
      variants: [{ name: 'fixed' }],
    });
    expect(problemsOf(await loadExperiment(file, { parallel: 2 }))).toEqual([
      `${file}: variant "fixed": network.basePort: found 7000; allowed: 0 when trials run in parallel (--parallel 2), or they would share ports`,
    ]);
    expect((await loadExperiment(file)).ok).toBe(true);
    const inFile = await writeJson('exp-ports-parallel.json', {
      base: { network: { basePort: 7000 } },
      parallel: 2,
      variants: [{ name: 'fixed' }],
    });
    expect(problemsOf(await loadExperiment(inFile))).toEqual([
      `${inFile}: variant "fixed": network.basePort: found 7000; allowed: 0 when trials run in parallel (2), or they would share ports`,
    ]);
  });

  test('an unreadable or broken file is one line', async () => {
    expect(problemsOf(await loadExperiment(join(dir, 'missing.json')))).toEqual([
      `${join(dir, 'missing.json')}: cannot read the experiment (ENOENT)`,
    ]);
    const broken = await writeJson('broken.json', '{ "variants": ');
    expect(problemsOf(await loadExperiment(broken))).toEqual([expect.stringMatching(/broken\.json: not valid JSON/)]);
  });

  test('a key given twice in the experiment file, or in its base config file, is refused with its place', async () => {
    const twice = await writeJson('exp-twice.json', '{"trials":1,"variants":[{"name":"a","trials":2,"trials":3}]}');
    expect(await loadExperiment(twice)).toEqual({
      ok: false,
      reason: 'duplicate-key',
      problems: [
        `${twice}: variants[0].trials: duplicate key "trials" at 1:48 (line:column), first at 1:37; allowed: each key once per object`,
      ],
    });
    await writeJson('base-twice.json', '{"machines":3,\n"machines":4}');
    const file = await writeJson('exp-base-twice.json', { base: 'base-twice.json', variants: [{ name: 'a' }] });
    expect(problemsOf(await loadExperiment(file))).toEqual([
      `${file}: base: base-twice.json: machines: duplicate key "machines" at 2:1 (line:column), first at 1:2; allowed: each key once per object`,
    ]);
  });

  test('a flag value every variant refuses names the flag and its value, once, as launcher run does', async () => {
    const file = await writeJson('exp-flags.json', {
      variants: [{ name: 'a' }, { name: 'b', overrides: { eventRange: 5 } }],
    });
    expect(problemsOf(await loadExperiment(file, { speed: 5000 }))).toEqual([
      '--speed: found 5000; allowed: a value <= 1000',
    ]);
    expect(problemsOf(await loadExperiment(file, { speed: 0.001 }))).toEqual([
      '--speed: found 0.001; allowed: a value >= 0.01',
    ]);
    expect(problemsOf(await loadExperiment(file, { durationSeconds: 100_000 }))).toEqual([
      '--duration: found 100000; allowed: a value <= 86400',
    ]);
    const sweep = await writeJson('exp-flags-sweep.json', { sweep: { eventRange: [3, 5] } });
    expect(problemsOf(await loadExperiment(sweep, { durationSeconds: 100_000 }))).toEqual([
      '--duration: found 100000; allowed: a value <= 86400',
    ]);
  });

  test("a variant's own bad value still names the file and the variant, beside a flag's", async () => {
    const file = await writeJson('exp-own.json', {
      variants: [{ name: 'a' }, { name: 'b', overrides: { eventRange: 1 } }],
    });
    expect(problemsOf(await loadExperiment(file, { speed: 5000 }))).toEqual([
      '--speed: found 5000; allowed: a value <= 1000',
      `${file}: variant "b" (variants[1]): eventRange: found 1; allowed: a value >= 3`,
    ]);
  });

  test('--seed must leave room for every trial', async () => {
    const file = await writeJson('exp-seed.json', { variants: [{ name: 'a' }] });
    expect(problemsOf(await loadExperiment(file, { seed: 2_147_483_647 }))).toEqual([
      '--seed: found 2147483647; allowed: seed + trials - 1 <= 2147483647',
    ]);
  });

  test("--trials must leave room after the file's seed: the last trial's seed would be refused by its own run", async () => {
    const file = await writeJson('exp-file-seed.json', { seed: 2_147_483_646, trials: 2, variants: [{ name: 'a' }] });
    expect((await loadExperiment(file)).ok).toBe(true);
    expect((await loadExperiment(file, { trials: 2 })).ok).toBe(true);
    expect(problemsOf(await loadExperiment(file, { trials: 3 }))).toEqual([
      `--trials: found 3; allowed: seed + trials - 1 <= 2147483647 (seed 2147483646 in ${file})`,
    ]);
    // With --seed too, the seed is the flag's: blamed on --seed, as before.
    expect(problemsOf(await loadExperiment(file, { trials: 3, seed: 2_147_483_646 }))).toEqual([
      '--seed: found 2147483646; allowed: seed + trials - 1 <= 2147483647',
    ]);
    expect((await loadExperiment(file, { trials: 3, seed: 1 })).ok).toBe(true);
  });
});

describe('sweeps and claims in the experiment file', () => {
  test('a sweep is one variant per grid point, named from its values, each with its sweepValues', async () => {
    const file = await writeJson('exp-sweep.json', {
      base: { machines: 3, clockRate: { min: 1, max: 6 } },
      sweep: { 'clockRate.max': [2, 4], eventRange: [3, 5, 10] },
    });
    const result = await loadExperiment(file);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const points = result.experiment.variants.map((v) => [
      v.name,
      v.sweepValues,
      v.config.clockRate,
      v.config.eventRange,
    ]);
    expect(points).toHaveLength(6);
    expect(points[0]).toEqual([
      'clockrate-max-2-eventrange-3',
      { 'clockRate.max': 2, eventRange: 3 },
      { min: 1, max: 2 },
      3,
    ]);
    expect(points[5]).toEqual([
      'clockrate-max-4-eventrange-10',
      { 'clockRate.max': 4, eventRange: 10 },
      { min: 1, max: 4 },
      10,
    ]);
    expect(result.experiment.sweep).toEqual({ 'clockRate.max': [2, 4], eventRange: [3, 5, 10] });
  });

  test('an invalid point is refused like a variant: one line naming the point and the field', async () => {
    const file = await writeJson('exp-sweep-bad.json', {
      base: { machines: 3, clockRate: { min: 3, max: 6 } },
      sweep: { 'clockRate.max': [2, 4], eventRange: [5] },
    });
    expect(problemsOf(await loadExperiment(file))).toEqual([
      `${file}: sweep point clockRate.max=2, eventRange=5 ("clockrate-max-2-eventrange-5"): clockRate.max: min must not be greater than max`,
    ]);
  });

  test('seed and speed cannot be swept: they belong to the whole experiment', () => {
    expect(problemsOf(parseExperimentConfig({ sweep: { speed: [1, 2] } }, 'x.json'))).toEqual([
      'x.json: sweep.speed: found "speed"; allowed: a key other than seed and speed (they are the whole experiment\'s)',
    ]);
  });

  test('a claim naming a variant the experiment lacks is refused; defaults are filled in', async () => {
    const bad = await writeJson('exp-claims-bad.json', {
      variants: [{ name: 'original' }, { name: 'other' }],
      claims: ['slow-vms-bigger-jumps', { id: 'variation-smaller-jumps', changed: 'nope' }],
    });
    expect(problemsOf(await loadExperiment(bad))).toEqual([
      `${bad}: claims[1] (variation-smaller-jumps): changed: found "nope"; allowed: a variant of this experiment (original, other)`,
    ]);
    const good = await writeJson('exp-claims.json', {
      variants: [{ name: 'original' }, { name: 'smaller-variation' }, { name: 'rates-3-5' }],
      claims: [{ id: 'slow-vms-bigger-jumps', variants: ['original'] }, 'variation-less-drift'],
    });
    const result = await loadExperiment(good);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.experiment.claims).toEqual([
      { id: 'slow-vms-bigger-jumps', kind: 'rate', variants: ['original'] },
      {
        id: 'variation-less-drift',
        kind: 'variation',
        baseline: 'original',
        changed: 'smaller-variation',
        parts: ['rates-3-5'],
      },
    ]);
    const unknown = await writeJson('exp-claims-unknown.json', { variants: [{ name: 'a' }], claims: ['fast-vms-win'] });
    expect(problemsOf(await loadExperiment(unknown))).toEqual([
      expect.stringMatching(/claims\[0\]: found "fast-vms-win"; allowed: one of slow-vms-mostly-receive, /),
    ]);
  });
});
