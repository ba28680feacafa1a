/**
 * An experiment's trial CSVs edited by hand (or cut) between the run and the summary: the trial stays complete and
 * in the figures, which come from the rows that read, and the summary says which VM's CSV did not read whole, on
 * the terminal and in summary.md/.json, as `analyze` of the trial does. Sim trials: the point is the summary.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ExperimentSummary } from '../../experiment/summarize-experiment.js';
import { launcher, tempDir } from './cli-harness.js';

const experiment = {
  name: 'edited',
  base: { machines: 3, clockRate: { min: 2, max: 6 }, durationSeconds: 10 },
  trials: 2,
  seed: 40,
  variants: [{ name: 'base' }],
};

describe('launcher experiment: a trial CSV edited after the run', () => {
  let dir: { path: string; remove(): Promise<void> };
  let file = '';
  let out = '';

  beforeAll(async () => {
    dir = await tempDir();
    file = join(dir.path, 'edited.json');
    out = join(dir.path, 'study');
    await writeFile(file, JSON.stringify(experiment));
  });
  afterAll(() => dir.remove());

  test('the summary names the VM whose rows were left out, and keeps the trial', async () => {
    const first = await launcher(['experiment', file, '--engine', 'sim', '--out', out], dir.path);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).not.toMatch(/trial \d: ok \(/);
    const before = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(before.trials.map((t) => t.detail)).toEqual([null, null]);

    // A pasted line that is not a row, then a last line cut mid-row (no newline).
    const csv = join(out, 'base', 'trial-1', 'vm-1.csv');
    const asRun = await readFile(csv, 'utf8');
    await appendFile(csv, 'garbage,row\n1,77,internal,0,12');
    const again = await launcher(['experiment', file, '--engine', 'sim', '--out', out], dir.path);
    await writeFile(csv, asRun);

    // The malformed row breaks row-format: the figures come from a folder check rejects, as `analyze` says.
    expect(again.exitCode).toBe(5);
    expect(again.stderr).toMatch(
      /\nbase trial 1: figures from a folder that fails check: 1 violation, first: row-format: vm-1\.csv tick \? \(line \d+\): /,
    );
    const noted = 'VM 1: a cut last line and 1 malformed row, left out of the figures';
    expect(again.stderr).toContain(`base trial 1: ok (${noted}`);
    expect(again.stderr).not.toContain('base trial 2: ok');
    const after = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(after.trials.map((t) => [t.status, t.detail?.startsWith(noted) ?? null])).toEqual([
      ['ok', true],
      ['ok', null],
    ]);
    expect(after.variants[0]?.trials.ok).toBe(2);
    // The rows that read are the run's own: the clock and queue figures do not change (a malformed line still
    // counts as a tick logged, a damaged row of a tick that ran, so the achieved rate may).
    const clockFigures = (s: ExperimentSummary) => {
      const f = s.variants[0]?.figures;
      return [f?.jumpMean, f?.gapShare, f?.driftMean, f?.queueMean];
    };
    expect(clockFigures(after)).toEqual(clockFigures(before));
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain(`| ok: ${noted}`);
  }, 120_000);

  test('a row pasted in twice, well formed: the trial`s folder fails check, and the experiment says so, exit 5', async () => {
    const csv = join(out, 'base', 'trial-1', 'vm-2.csv');
    const asRun = await readFile(csv, 'utf8');
    const lines = asRun.trimEnd().split('\n');
    await writeFile(csv, `${[...lines, lines.at(-1)].join('\n')}\n`);
    const again = await launcher(['experiment', file, '--engine', 'sim', '--out', out], dir.path);
    const analyze = await launcher(['analyze', join(out, 'base', 'trial-1'), '--no-summary'], dir.path);
    await writeFile(csv, asRun);
    expect(analyze.exitCode).toBe(5);
    // The experiment's line is analyze's, naming the trial; a second run of the same folder says the same.
    const line = analyze.stderr.split('\n').find((said) => said.startsWith('figures from a folder that fails check: '));
    expect(line).toMatch(/: \d+ violations?, first: tick-sequence: vm-2\.csv /);
    expect(again.stderr.split('\n')).toContain(`base trial 1: ${line}`);
    expect(again.stderr).not.toContain('base trial 2: figures');
    expect(again.exitCode).toBe(5);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(summary.trials.map((t) => [t.status, t.failsCheck])).toEqual([
      ['ok', line],
      ['ok', null],
    ]);
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain(`| ok: ${line?.replaceAll('|', '\\|')} |`);
  }, 120_000);

  test('a CSV a spreadsheet saved with a byte-order mark: named, read past, the figures unchanged', async () => {
    const before = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    const csv = join(out, 'base', 'trial-2', 'vm-0.csv');
    await writeFile(csv, `\ufeff${await readFile(csv, 'utf8')}`);
    const again = await launcher(['experiment', file, '--engine', 'sim', '--out', out], dir.path);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('base trial 2: ok (VM 0: a byte-order mark, read past)');
    const after = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExperimentSummary;
    expect(after.trials[1]?.figures).toEqual(before.trials[1]?.figures);
  }, 120_000);
});
