/**
 * `launcher experiment` through the built CLI: a 2 variants x 2 trials experiment at speed 40 (each trial 0.25 s of
 * real running), judged by the run folders and summary it wrote; resuming; Ctrl-C; and seeds proved on real runs.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { clockRatesFor } from '../../config/clock-rates.js';
import type { ExperimentSummary } from '../../experiment/summarize-experiment.js';
import { trialFigures } from '../../experiment/trial-figures.js';
import { type Action, chooseAction } from '../../model/event-choice.js';
import { seededRandom, vmStream } from '../../shared/seeded-random.js';
import {
  type CsvRow,
  launcher,
  projectRoot,
  readCsv,
  readManifest,
  tempDir,
  waitForLine,
  waitForRows,
} from './cli-harness.js';
import { freeBasePort } from './free-ports.js';

const seed = 40;
const experiment = {
  name: 'mini',
  base: { machines: 3, clockRate: { min: 2, max: 6 }, durationSeconds: 10 },
  trials: 2,
  seed,
  speed: 40,
  parallel: 2,
  variants: [{ name: 'base' }, { name: 'few-internal', overrides: { eventRange: 5 } }],
};
const variants = ['base', 'few-internal'];

// The CSV lists a send's recipients in id order.
const actionText = (action: Action) =>
  action.kind === 'internal' ? 'internal' : `send:${[...action.to].sort((x, y) => x - y).join(';')}`;

/** What VM `id` does on its ticks with an empty queue, in order, as its seeded stream dictates. */
function predictedActions(runSeed: number, id: number, eventRange: number, count: number): string[] {
  const random = seededRandom(runSeed, vmStream(id));
  return Array.from({ length: count }, () => actionText(chooseAction(random.int(1, eventRange), id, 3)));
}

/** What the VM logged on those ticks: every row that is not a receive is one draw. */
const loggedActions = (rows: CsvRow[]) =>
  rows
    .filter((row) => row.event !== 'receive')
    .map((row) => (row.event === 'internal' ? 'internal' : `send:${row.peer}`));

async function readTrial(dir: string) {
  const manifest = await readManifest(dir);
  const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(dir, `vm-${vm}.csv`))).rows));
  return { manifest, rows };
}

describe('launcher experiment: 2 variants x 2 trials at speed 40', () => {
  let dir: { path: string; remove(): Promise<void> };
  let file = '';
  let out = '';
  let first: Awaited<ReturnType<typeof launcher>>;
  let summary: ExperimentSummary;
  const trialDir = (variant: string, k: number) => join(out, variant, `trial-${k}`);

  beforeAll(async () => {
    dir = await tempDir();
    file = join(dir.path, 'mini.json');
    out = join(dir.path, 'exp-1');
    await writeFile(file, JSON.stringify(experiment));
    first = await launcher(['experiment', file, '--out', out], dir.path);
    summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
  }, 180_000);
  afterAll(() => dir.remove());

  test('exits 0, shows progress on stderr and the summary table on stdout', () => {
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toMatch(/clocklab experiment mini: 2 variants, 4 trials at speed 40, base seed 40/);
    // Two trials at a time: which one announces itself first, and so which position it gets, is up to the machine.
    const started = [
      ...first.stderr.matchAll(/^\[(\d)\/4\] (\S+ trial \d\/2) \(seed (\d+)\): started, runs 0\.\d s$/gm),
    ];
    expect(started.map((m) => `${m[2]} seed ${m[3]}`).sort()).toEqual([
      'base trial 1/2 seed 40',
      'base trial 2/2 seed 41',
      'few-internal trial 1/2 seed 40',
      'few-internal trial 2/2 seed 41',
    ]);
    expect(started.map((m) => m[1]).sort()).toEqual(['1', '2', '3', '4']);
    expect(first.stderr).toMatch(/^\[\d\/4\] \S+ trial \d\/2: ok in \d+\.\d s; about \d+ s left$/m);
    expect(first.stdout).toMatch(/^variant\s+trials\s+rates\s+events\s+jump mean/m);
    expect(first.stdout).toMatch(/^base\s+2\/2\s+2-6\s+1\.\.10\s/m);
    expect(first.stdout).toMatch(/^few-internal\s+2\/2\s+2-6\s+1\.\.5\s/m);
    expect(first.stdout).toContain(`experiment folder: ${out}`);
  });

  test('lays the trials out as <experiment>/<variant>/trial-<k>/, each a complete run folder', async () => {
    expect((await readdir(out)).sort()).toEqual([
      ...variants,
      'plan.json',
      'summary.html',
      'summary.json',
      'summary.md',
    ]);
    for (const variant of variants) {
      expect((await readdir(join(out, variant))).sort()).toEqual(['trial-1', 'trial-2']);
      for (const k of [1, 2]) {
        const { manifest, rows } = await readTrial(trialDir(variant, k));
        expect(manifest).toMatchObject({
          status: 'ok',
          seed: seed + k - 1,
          speed: 40,
          runId: expect.stringMatching(new RegExp(`^exp-1-${variant}-trial-${k}-[0-9a-f]{6}$`)),
        });
        expect(manifest.config.eventRange).toBe(variant === 'base' ? 10 : 5);
        expect(rows.map((vmRows) => vmRows.length)).toEqual(manifest.vms.map((vm) => vm.ticks));
      }
    }
  });

  test("each trial's figures in summary.json are analyzeRun's on that trial folder", async () => {
    expect(summary.trials).toHaveLength(4);
    for (const record of summary.trials) {
      const analysed = await analyzeRun(join(out, record.dir));
      if (!analysed.ok) throw new Error(analysed.detail);
      expect(record.status).toBe('ok');
      expect(record.figures).toEqual(trialFigures(analysed.analysis));
      const saved = JSON.parse(await readFile(join(out, record.dir, 'summary.json'), 'utf8')) as unknown;
      // With the stamps of the files it read: the same files, untouched since.
      expect(saved).toEqual(JSON.parse(JSON.stringify({ ...analysed.analysis, inputs: analysed.inputs })));
      // Three of them recomputed straight from the CSVs and the manifest.
      const { manifest, rows } = await readTrial(join(out, record.dir));
      const all = rows.flat();
      expect(record.figures?.jumpMax).toBe(Math.max(...all.map((row) => Number(row.jump))));
      expect(record.figures?.queueMax).toBe(Math.max(...all.map((row) => Number(row.queue_len))));
      const ratios = rows.map((vmRows, id) => vmRows.length / ((manifest.clockRates[id] ?? 0) * 10));
      expect(record.figures?.rateRatio).toBeCloseTo(ratios.reduce((sum, r) => sum + r, 0) / 3, 10);
    }
  });

  test("each variant's mean and spread are over its own trials", () => {
    for (const variant of summary.variants) {
      const trials = summary.trials.filter((t) => t.variant === variant.name);
      const [x = Number.NaN, y = Number.NaN] = trials.map((t) => t.figures?.jumpMean ?? Number.NaN);
      expect(variant.trials).toEqual({ planned: 2, ok: 2 });
      expect(variant.figures.jumpMean.mean).toBeCloseTo((x + y) / 2, 12);
      expect(variant.figures.jumpMean.sd).toBeCloseTo(Math.abs(x - y) / Math.SQRT2, 12);
    }
    expect(summary.vms).toHaveLength(4 * 3);
  });

  test('summary.md and summary.html hold every variant; the page carries its charts offline', async () => {
    const markdown = await readFile(join(out, 'summary.md'), 'utf8');
    expect(markdown).toContain('| figure | base | few-internal |');
    const html = await readFile(join(out, 'summary.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).toContain('vegaEmbed(');
    expect(html.match(/<section>/g)).toHaveLength(2);
  });

  test('same seed, same clock rates; another seed, other rates; every VM draws its seeded stream', async () => {
    const rates = await Promise.all(
      [1, 2].flatMap((k) => variants.map(async (v) => (await readManifest(trialDir(v, k))).clockRates)),
    );
    expect(rates[0]).toEqual(clockRatesFor({ machines: 3, clockRate: { min: 2, max: 6 } }, seed));
    expect(rates[1]).toEqual(rates[0]);
    expect(rates[3]).toEqual(rates[2]);
    expect(rates[2]).not.toEqual(rates[0]);
    let draws = 0;
    for (const variant of variants) {
      for (const k of [1, 2]) {
        const { manifest, rows } = await readTrial(trialDir(variant, k));
        rows.forEach((vmRows, id) => {
          const logged = loggedActions(vmRows);
          draws += logged.length;
          expect(logged).toEqual(predictedActions(manifest.seed, id, manifest.config.eventRange, logged.length));
        });
      }
    }
    expect(draws).toBeGreaterThan(100);
  });

  test('run again, it runs nothing: every trial is complete', async () => {
    const before = (await readManifest(trialDir('base', 1))).startedAt;
    const again = await launcher(['experiment', file, '--out', out], dir.path);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toMatch(/4 trials at speed 40, base seed 40; 4 complete already, 0 to run/);
    expect(again.stderr).not.toMatch(/started/);
    expect((await readManifest(trialDir('base', 1))).startedAt).toBe(before);
  }, 120_000);

  test('an incomplete trial is moved aside and rerun; more trials add only what is missing', async () => {
    const kept = (await readManifest(trialDir('base', 2))).startedAt;
    await rm(join(trialDir('few-internal', 2), 'manifest.json'));
    const more = await launcher(['experiment', file, '--out', out, '--trials', '3'], dir.path);
    expect(more.exitCode).toBe(0);
    expect(more.stderr).toMatch(/few-internal\/trial-2 was incomplete \(no manifest.json\): moved to .*\.incomplete/);
    const started = [...more.stderr.matchAll(/\] (\S+ trial \d)\/3 \(seed \d+\): started/g)].map((m) => m[1]);
    expect(started.sort()).toEqual(['base trial 3', 'few-internal trial 2', 'few-internal trial 3']);
    expect((await readManifest(trialDir('base', 2))).startedAt).toBe(kept);
    expect(await readdir(join(out, '.incomplete'))).toEqual([expect.stringMatching(/^few-internal-trial-2-/)]);
    const resumed = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(resumed.variants.map((v) => v.trials)).toEqual([
      { planned: 3, ok: 3 },
      { planned: 3, ok: 3 },
    ]);
  }, 120_000);

  test('another seed on the same folder is refused before anything runs', async () => {
    const other = await launcher(['experiment', file, '--out', out, '--trials', '3', '--seed', '7'], dir.path);
    expect(other.exitCode).toBe(2);
    expect(other.stderr.trim()).toMatch(
      /^\S+ holds another experiment \(plan\.json: seed 40, now 7\); nothing was changed/,
    );
    expect(other.stderr).not.toMatch(/started/);
  });
});

describe('launcher experiment refuses a bad experiment and stops on Ctrl-C', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('a bad variant: exit 2, one line naming the variant and the field, nothing written', async () => {
    const file = join(dir.path, 'bad.json');
    await writeFile(file, JSON.stringify({ ...experiment, variants: [{ name: 'x', overrides: { eventRange: 1 } }] }));
    const result = await launcher(['experiment', file, '--out', join(dir.path, 'never')], dir.path);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(`${file}: variant "x" (variants[0]): eventRange: found 1; allowed: a value >= 3`);
    expect(await readdir(dir.path)).toEqual(['bad.json']);
  });

  test('a flag value the run config refuses: exit 2, one line naming the flag and its value, not the file', async () => {
    const file = join(dir.path, 'good.json');
    await writeFile(file, JSON.stringify(experiment));
    const result = await launcher(['experiment', file, '--speed', '5000', '--out', join(dir.path, 'never')], dir.path);
    expect({ exit: result.exitCode, stderr: result.stderr.trim() }).toEqual({
      exit: 2,
      stderr: '--speed: found 5000; allowed: a value <= 1000',
    });
    expect(await readdir(dir.path)).not.toContain('never');
  });

  test('a failed trial: the others still run, exit 1, the summary leaves it out; the rerun runs only it', async () => {
    // Below the ephemeral range: once the holder lets go, the rerun's VMs find the three ports still free.
    const port = await freeBasePort(experiment.base.machines);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    const file = join(dir.path, 'taken.json');
    const out = join(dir.path, 'taken');
    const variantsWithPorts = [
      { name: 'taken', overrides: { network: { basePort: port } } },
      { name: 'free', overrides: {} },
    ];
    await writeFile(file, JSON.stringify({ ...experiment, trials: 1, parallel: 1, variants: variantsWithPorts }));
    let failed: Awaited<ReturnType<typeof launcher>>;
    try {
      failed = await launcher(['experiment', file, '--out', out], dir.path);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/\] taken trial 1\/1: FAILED \(.*port/);
    expect(failed.stderr).toMatch(/\] free trial 1\/1: ok/);
    expect(failed.stderr).toMatch(
      new RegExp(
        `^taken trial 1: incomplete \\(status failed: VM \\d could not start \\(port-in-use: 127\\.0\\.0\\.1:${port}: EADDRINUSE\\)\\)$`,
        'm',
      ),
    );
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(summary.variants.map((v) => [v.name, v.trials.ok])).toEqual([
      ['taken', 0],
      ['free', 1],
    ]);
    const rerun = await launcher(['experiment', file, '--out', out], dir.path);
    expect(rerun.exitCode).toBe(0);
    expect(rerun.stderr.match(/started/g)).toHaveLength(1);
    expect(rerun.stderr).toMatch(/\] taken trial 1\/1: ok/);
  }, 120_000);

  test('Ctrl-C: the running trial stops (status interrupted), no other starts, exit 130', async () => {
    const file = join(dir.path, 'long.json');
    const out = join(dir.path, "stopped here's");
    await writeFile(file, JSON.stringify({ ...experiment, speed: 1, parallel: 1 }));
    const run = launcher(['experiment', file, '--duration', '12', '--out', out], dir.path);
    try {
      await waitForLine(run.stderr as NodeJS.ReadableStream, /base trial 1\/2 \(seed 40\): started/);
      await waitForRows(join(out, 'base', 'trial-1', 'vm-0.csv'), 3, run);
    } finally {
      run.kill('SIGINT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect((await readManifest(join(out, 'base', 'trial-1'))).status).toBe('interrupted');
    expect(result.stderr.match(/started/g)).toHaveLength(1);
    // The line runs the same experiment again when pasted: its options kept, the folder's name quoted.
    const quoted = `'${out.replace("'", "'\\''")}'`;
    expect(result.stderr).toContain(
      `to run what is missing: launcher experiment ${file} --duration 12 --out ${quoted}`,
    );
    expect(await readdir(out)).toEqual(expect.arrayContaining(['summary.json', 'plan.json']));
  });
});

describe('seeds on real runs: launcher run twice with one seed, once with another', () => {
  let dir: { path: string; remove(): Promise<void> };
  const runs = [41, 41, 8];
  beforeAll(async () => {
    dir = await tempDir();
    const config = join(projectRoot, 'config/default.json');
    const flags = ['--clock-rate', '2-6', '--speed', '40', '--duration', '10'];
    const results = await Promise.all(
      runs.map((s, i) =>
        launcher(['run', config, '--out', join(dir.path, `r${i}`), '--seed', String(s), ...flags], dir.path),
      ),
    );
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
  }, 180_000);
  afterAll(() => dir.remove());

  test('the same seed gives the same clock rates and the same per-VM draw stream; another seed, others', async () => {
    const [a, b, c] = await Promise.all(runs.map((_, i) => readTrial(join(dir.path, `r${i}`))));
    if (a === undefined || b === undefined || c === undefined) throw new Error('three runs expected');
    expect(a.manifest.clockRates).toEqual(b.manifest.clockRates);
    expect(a.manifest.clockRates).not.toEqual(c.manifest.clockRates);
    for (let id = 0; id < 3; id++) {
      const [logA, logB, logC] = [a, b, c].map((run) => loggedActions(run.rows[id] ?? []));
      // Receives differ from run to run (message timing), so each run consumes a different length of its stream;
      // what is drawn is always the seeded stream, so the two runs of one seed agree on all they both drew.
      const common = Math.min(logA?.length ?? 0, logB?.length ?? 0);
      expect(common).toBeGreaterThan(3);
      expect(logA?.slice(0, common)).toEqual(logB?.slice(0, common));
      expect(logA).toEqual(predictedActions(41, id, 10, logA?.length ?? 0));
      expect(logC).toEqual(predictedActions(8, id, 10, logC?.length ?? 0));
    }
    const streamOf = (s: number) => [0, 1, 2].map((id) => predictedActions(s, id, 10, 30).join(','));
    expect(streamOf(41)).not.toEqual(streamOf(8));
  });
});
