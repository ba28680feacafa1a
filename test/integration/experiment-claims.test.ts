/**
 * Claims and sweeps through the built CLI, on small real experiments: verdicts agree with their intervals, a planted
 * effect (a VM at 1 tick/s among VMs at 4 and 16 must take bigger clock jumps) is confirmed, an absent one (every VM
 * at the same rate) is inconclusive, a sweep runs every point of its grid, and an invalid point runs nothing.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ClaimResult } from '../../experiment/judge-claims.js';
import type { ExperimentSummary } from '../../experiment/summarize-experiment.js';
import { launcher, readManifest, tempDir } from './cli-harness.js';

const base = { machines: 3, eventRange: 10, durationSeconds: 10 };

function verdictFromInterval(claim: ClaimResult): string {
  if (claim.ci === null || claim.n < 5) return 'inconclusive';
  return claim.ci[0] > 0 ? 'confirmed' : claim.ci[1] < 0 ? 'refuted' : 'inconclusive';
}

describe('claims on a real experiment: 2 variants x 5 trials at speed 20', () => {
  let dir: { path: string; remove(): Promise<void> };
  let out = '';
  let run: Awaited<ReturnType<typeof launcher>>;
  let summary: ExperimentSummary;
  const claimOf = (id: string) => summary.claims.find((c) => c.id === id);

  beforeAll(async () => {
    dir = await tempDir();
    const file = join(dir.path, 'claims.json');
    out = join(dir.path, 'out');
    await writeFile(
      file,
      JSON.stringify({
        base,
        trials: 5,
        seed: 3,
        speed: 20,
        parallel: 5,
        variants: [
          { name: 'planted', overrides: { clockRates: [1, 4, 16] } },
          { name: 'same-rates', overrides: { clockRates: [5, 5, 5] } },
        ],
        claims: [
          { id: 'slow-vms-bigger-jumps', variants: ['planted'] },
          { id: 'slow-vms-mostly-receive', variants: ['planted'] },
          { id: 'slow-vms-longer-queues', variants: ['same-rates'] },
          { id: 'variation-smaller-jumps', baseline: 'planted', changed: 'same-rates', parts: [] },
        ],
      }),
    );
    run = await launcher(['experiment', file, '--out', out], dir.path);
    summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
  }, 180_000);
  afterAll(() => dir.remove());

  test('exits 0 and prints a verdict per claim on stdout', () => {
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^claim\s+verdict\s+effect\s+95% interval\s+n/m);
    for (const id of ['slow-vms-bigger-jumps', 'slow-vms-mostly-receive', 'slow-vms-longer-queues']) {
      expect(run.stdout).toMatch(new RegExp(`^${id}\\s+(confirmed|refuted|inconclusive)\\s`, 'm'));
    }
  });

  test('every verdict agrees with its interval, and every interval holds its effect', () => {
    expect(summary.claims).toHaveLength(4);
    for (const claim of summary.claims) {
      expect(`${claim.id}: ${claim.verdict}`).toBe(`${claim.id}: ${verdictFromInterval(claim)}`);
      if (claim.ci !== null && claim.effect !== null) {
        expect(claim.ci[0]).toBeLessThanOrEqual(claim.ci[1]);
        expect(claim.n).toBe(5);
      }
    }
  });

  test('the planted effect is confirmed: the VM at 1 tick/s takes the biggest jumps in every trial', () => {
    // The premise, on the trials' own figures: rate 1 above rate 4 above rate 16.
    for (const k of [1, 2, 3, 4, 5]) {
      const jumps = summary.vms
        .filter((p) => p.variant === 'planted' && p.trial === k)
        .sort((a, b) => a.configuredRate - b.configuredRate)
        .map((p) => p.jumpMean ?? 0);
      expect(jumps[0]).toBeGreaterThan(jumps[2] ?? 0);
    }
    expect(claimOf('slow-vms-bigger-jumps')).toMatchObject({ verdict: 'confirmed', n: 5, unit: 'trials' });
    expect(claimOf('slow-vms-bigger-jumps')?.ci?.[0]).toBeGreaterThan(0);
  });

  test('an absent effect is inconclusive: with every VM at one rate there is no order to find', () => {
    expect(claimOf('slow-vms-longer-queues')).toMatchObject({ verdict: 'inconclusive', effect: null, ci: null });
  });

  test('summary.md and summary.html open with the claims table', async () => {
    const markdown = await readFile(join(out, 'summary.md'), 'utf8');
    expect(markdown.indexOf('## Claims')).toBeGreaterThan(0);
    expect(markdown.indexOf('## Claims')).toBeLessThan(markdown.indexOf('## Setup'));
    expect(markdown).toMatch(
      /^\| slow-vms-bigger-jumps \| confirmed \| \d\.\d\d \| \d\.\d\d \.\. \d\.\d\d \| 5 trials \|/m,
    );
    const html = await readFile(join(out, 'summary.html'), 'utf8');
    expect(html.indexOf('<h2>Claims</h2>')).toBeGreaterThan(0);
    expect(html.indexOf('<h2>Claims</h2>')).toBeLessThan(html.indexOf('<section>'));
    expect(html).toContain('<td class="confirmed">confirmed</td>');
  });
});

describe('sweeps through the CLI', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('one variant per grid point, each run with its values and listed with its sweepValues', async () => {
    const file = join(dir.path, 'sweep.json');
    const out = join(dir.path, 'sweep');
    const sweep = { eventRange: [3, 5], machines: [2, 3] };
    await writeFile(file, JSON.stringify({ base, trials: 1, seed: 5, speed: 40, parallel: 4, sweep }));
    const run = await launcher(['experiment', file, '--out', out], dir.path);
    expect(run.exitCode).toBe(0);
    const names = [
      'eventrange-3-machines-2',
      'eventrange-3-machines-3',
      'eventrange-5-machines-2',
      'eventrange-5-machines-3',
    ];
    expect((await readdir(out)).filter((entry) => entry.startsWith('eventrange')).sort()).toEqual(names);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(summary.sweep).toEqual(sweep);
    for (const variant of summary.variants) {
      const values = variant.sweepValues ?? {};
      const manifest = await readManifest(join(out, variant.name, 'trial-1'));
      expect([variant.name, manifest.status, manifest.config.eventRange, manifest.vms.length]).toEqual([
        variant.name,
        'ok',
        values.eventRange,
        values.machines,
      ]);
    }
    expect(summary.variants.map((v) => v.sweepValues)).toEqual([
      { eventRange: 3, machines: 2 },
      { eventRange: 3, machines: 3 },
      { eventRange: 5, machines: 2 },
      { eventRange: 5, machines: 3 },
    ]);
    const html = await readFile(join(out, 'summary.html'), 'utf8');
    expect(html).toContain('"id":"chart-sweep-eventRange"');
    expect(html).toContain('"id":"chart-sweep-machines"');
  });

  test('an invalid point is refused: one line naming the point and the field, exit 2, nothing run', async () => {
    const file = join(dir.path, 'bad-sweep.json');
    const out = join(dir.path, 'never');
    await writeFile(file, JSON.stringify({ base, trials: 1, speed: 40, sweep: { eventRange: [2, 5] } }));
    const run = await launcher(['experiment', file, '--out', out], dir.path);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe(
      `${file}: sweep point eventRange=2 ("eventrange-2"): eventRange: found 2; allowed: a value >= 3`,
    );
    expect(await readdir(dir.path)).not.toContain('never');
  });
});
