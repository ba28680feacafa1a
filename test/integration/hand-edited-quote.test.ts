/**
 * A real run whose vm-0.csv has one stray `"` typed into one field of one row, as it was found: csv-parse refuses
 * the whole file, and check, analyze and report refused it too (exit 2). Now that line is one row-format finding,
 * and every other row of the file is judged and counted as usual; analyze and report say first that their figures
 * come from a folder that fails check (exit 5).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

type VmFigures = { csv: { badRows: number }; events: Record<string, number>; clock: { final: number } };
type Analysis = { vms: VmFigures[] };

describe('a run with a stray quote in one line of one CSV', () => {
  let dir: { path: string; remove(): Promise<void> };
  const runDir = () => join(dir.path, 'run');
  let before: Analysis;
  /** The broken line's 1-based number in vm-0.csv. */
  let brokenLine = 0;

  const analysis = async (exit: number): Promise<Analysis> => {
    const analyzed = await launcher(['analyze', runDir(), '--json', '--no-summary'], dir.path);
    expect(analyzed.exitCode).toBe(exit);
    return JSON.parse(analyzed.stdout);
  };
  /** The line analyze and report say first of the edited folder. */
  const failsCheck = () =>
    `figures from a folder that fails check: 1 violation, first: row-format: vm-0.csv tick ? (line ${brokenLine}): ` +
    'found a line whose quotes do not read as CSV; expected';

  beforeAll(async () => {
    dir = await tempDir();
    const config = join(projectRoot, 'config/default.json');
    const run = await launcher(
      ['run', config, '--out', runDir(), '--duration', '2', '--clock-rate', '10-20', '--seed', '7'],
      dir.path,
    );
    expect(run.exitCode).toBe(0);
    before = await analysis(0);
    // An internal row in the middle: its loss changes one count and nothing another VM sees.
    const file = join(runDir(), 'vm-0.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const at = lines.findIndex((line, i) => i > lines.length / 3 && line.includes(',internal,'));
    expect(at).toBeGreaterThan(1);
    lines[at] = (lines[at] as string).replace(/,(\d+\.\d+),/, ',$1",');
    brokenLine = at + 1;
    await writeFile(file, lines.join('\n'));
  });
  afterAll(() => dir.remove());

  test('check: one row-format finding, at that line; exit 1', async () => {
    const checked = await launcher(['check', runDir()], dir.path);
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout).toMatch(/^1 violation in /);
    expect(checked.stdout).toContain(
      `row-format: vm-0.csv tick ? (line ${brokenLine}): found a line whose quotes do not read as CSV; expected`,
    );
    expect(checked.all).not.toContain('unreadable');
  });

  test('analyze: that row left out as malformed, every figure of the other rows given, after the line; exit 5', async () => {
    const after = await analysis(5);
    const [vm0, vm0Before] = [after.vms[0], before.vms[0]];
    expect(vm0?.csv.badRows).toBe(1);
    expect(vm0?.events).toEqual({ ...vm0Before?.events, internal: (vm0Before?.events.internal ?? 0) - 1 });
    // The rows after the broken line are read: the last clock is the file's last.
    expect(vm0?.clock.final).toBe(vm0Before?.clock.final);
    expect(after.vms.slice(1).map((vm) => vm.events)).toEqual(before.vms.slice(1).map((vm) => vm.events));
    const text = await launcher(['analyze', runDir(), '--no-summary'], dir.path);
    expect(text.exitCode).toBe(5);
    expect(text.stderr.startsWith(failsCheck())).toBe(true);
    expect(text.stderr.split('\n')).toHaveLength(1);
    expect(text.stdout).toContain('VM 0: 1 malformed row (left out; run the checker for details)');
  });

  test('report: written, after the line; exit 5', async () => {
    const reported = await launcher(['report', runDir()], dir.path);
    expect(reported.exitCode).toBe(5);
    expect(reported.stderr.startsWith(failsCheck())).toBe(true);
    expect(reported.stdout).toContain(`report: ${join(runDir(), 'report.html')}`);
  });
});
