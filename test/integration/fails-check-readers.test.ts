/**
 * analyze, report, compare and export on a real run folder edited afterwards so that `launcher check` rejects it:
 * each still does its work, but says first, in one line, that its figures (or log) come from a folder that fails
 * check, and exits 5. The run as written says nothing of the kind and exits 0.
 */
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fiveTicksRun, launcher, readCsv, tempDir } from './cli-harness.js';

describe('readers on a run folder that fails check', () => {
  let dir: { path: string; remove(): Promise<void> };
  let run: string;
  let edited: string;
  /** The VM whose last row was edited, and what `launcher check` says of the copy: its first finding, its count. */
  let vm = 0;
  let finding: string;
  let checkCount: string;

  beforeAll(async () => {
    dir = await tempDir();
    run = await fiveTicksRun(dir.path);
    // A VM's last row stamped 999999999 ms (the last: a row after it would break elapsed-order too), preferably not
    // a send, whose receives would then come before it (receive-time, a rule across VMs) as well.
    const lastRows = await Promise.all([0, 1, 2].map(async (id) => (await readCsv(join(run, `vm-${id}.csv`))).rows));
    vm = Math.max(
      0,
      lastRows.findIndex((rows) => rows.at(-1)?.event !== 'send'),
    );
    const tick = (lastRows[vm]?.length ?? 0) - 1;
    edited = join(dir.path, 'edited');
    await cp(run, edited, { recursive: true });
    const file = join(edited, `vm-${vm}.csv`);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const cells = lines[tick + 1]?.split(',') ?? [];
    cells[4] = '999999999.000';
    lines[tick + 1] = cells.join(',');
    await writeFile(file, lines.join('\n'));
    const check = await launcher(['check', edited], dir.path);
    expect(check.exitCode).toBe(1);
    checkCount = /^(\d+ violations?) in /.exec(check.stdout)?.[1] ?? '';
    finding = check.stdout.split('\n')[1] ?? '';
    expect(finding).toMatch(
      new RegExp(`^tick-time: vm-${vm}\\.csv tick ${tick} \\(line ${tick + 2}\\): found elapsed_ms 999999999 `),
    );
  });
  afterAll(() => dir.remove());

  /**
   * `whole`: the reader ran the whole check (the report does), which counts what check counts; the others ran only the
   * rules on each VM's own rows: the one tick-time finding.
   */
  const failsLine = (what: string, whole = false) =>
    `${what} from a folder that fails check: ${whole ? checkCount : '1 violation'}, first: ${finding} ` +
    `(launcher check ${edited} for all${whole ? '' : '; the rules across VMs were not run here'})`;

  test('analyze: the line first on stderr, the figures on stdout, exit 5; the run as written: exit 0, no line', async () => {
    const analyze = await launcher(['analyze', edited], dir.path);
    expect({ exit: analyze.exitCode, err: analyze.stderr }).toEqual({ exit: 5, err: failsLine('figures') });
    expect(analyze.stdout).toMatch(/^run \S+: status ok, seed 3, 3 machines, 2 s, \d+ rows$/m);
    // The edit is in the figures: the VM's latest tick is the stamp less its deadline.
    expect(analyze.stdout).toMatch(new RegExp(`^ ${vm} +5 +[\\d.]+% +99999\\d{4}(\\.\\d+)? `, 'm'));
    const json = await launcher(['analyze', edited, '--json', '--no-summary'], dir.path);
    expect(json.exitCode).toBe(5);
    expect(JSON.parse(json.stdout).rowVerdict).toMatchObject({ violations: 1, countsByRule: { 'tick-time': 1 } });
    const sound = await launcher(['analyze', run], dir.path);
    expect({ exit: sound.exitCode, err: sound.stderr }).toEqual({ exit: 0, err: '' });
  });

  test('report: the page written, the line (of its whole check) before its path, exit 5', async () => {
    const page = join(dir.path, 'edited.html');
    const report = await launcher(['report', edited, '--out', page], dir.path);
    expect({ exit: report.exitCode, err: report.stderr }).toEqual({ exit: 5, err: failsLine('figures', true) });
    expect(report.stdout).toMatch(/^report: .*edited\.html \(/);
    expect((await stat(page)).size).toBeGreaterThan(0);
  });

  test('compare: the edited run named before the table, exit 5', async () => {
    const compare = await launcher(['compare', run, edited], dir.path);
    expect({ exit: compare.exitCode, err: compare.stderr }).toEqual({ exit: 5, err: failsLine('figures') });
    expect(compare.stdout).toMatch(/^figure +run +edited$/m);
  });

  test('export: the log written whole, the line before what it did, exit 5', async () => {
    const out = join(dir.path, 'edited.shiviz');
    const exported = await launcher(['export', edited, '--format', 'shiviz', '--out', out], dir.path);
    expect(exported.exitCode).toBe(5);
    expect(exported.stderr.split('\n')).toEqual([
      failsLine('log'),
      expect.stringMatching(/^exported \d+ events of 3 hosts to /),
    ]);
    const sound = await launcher(
      ['export', run, '--format', 'shiviz', '--out', join(dir.path, 'run.shiviz')],
      dir.path,
    );
    expect(sound.exitCode).toBe(0);
  });
});
