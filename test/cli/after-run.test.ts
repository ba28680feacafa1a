import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { afterRun } from '../../cli/after-run.js';
import { checkFileName, summaryFileName } from '../../run-folder/saved-results.js';
import { copyRun } from '../analysis/fixture-runs.js';

/** afterRun on a copy of a fixture run, `prepare`d first: what it said on stdout (out) and stderr (err). */
async function afterRunOn(name: string, prepare: (dir: string) => Promise<void> = async () => {}) {
  const run = await copyRun(name);
  try {
    await prepare(run.dir);
    const out: string[] = [];
    const err: string[] = [];
    const after = await afterRun(run.dir, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { after, out, err, dir: run.dir };
  } finally {
    await run.remove();
  }
}

describe('afterRun: the result on stdout, diagnostics on stderr', () => {
  test('a valid run: what it wrote and the verdict, all on stdout', async () => {
    const { after, out, err, dir } = await afterRunOn('basic');
    expect(after).toEqual({ kind: 'done', valid: true });
    expect(out).toEqual([
      `summary: ${join(dir, summaryFileName)}`,
      `check: valid: ${dir} (14 rows, 6 messages)`,
      `report: ${join(dir, 'report.html')}`,
    ]);
    expect(err).toEqual([]);
  });

  test('a run that breaks a rule: the violations are the result, on stdout', async () => {
    const { after, out, err } = await afterRunOn('tick-sequence');
    expect(after).toEqual({ kind: 'done', valid: false });
    expect(out).toContainEqual(expect.stringMatching(/^check: tick-sequence: vm-0\.csv tick 7 \(line 8\)/));
    expect(err).toEqual([]);
  });

  test('a summary or check that cannot be saved is said on stderr, and the rest still on stdout', async () => {
    const { out, err } = await afterRunOn('basic', async (dir) => {
      // Folders under their names: neither file can be written, even by root.
      await mkdir(join(dir, summaryFileName, 'in-the-way'), { recursive: true });
      await mkdir(join(dir, checkFileName, 'in-the-way'), { recursive: true });
    });
    expect(err).toEqual([
      expect.stringMatching(/^summary not written: .*summary\.json: /),
      expect.stringMatching(/^check not saved: .*check\.json: /),
    ]);
    expect(out).toEqual([expect.stringMatching(/^check: valid: /), expect.stringMatching(/^report: /)]);
  });
});

describe('afterRun stopped before its steps', () => {
  test('each skipped step names the command that does it later, pasteable with a space in the folder', async () => {
    const after = await afterRun('/tmp/my runs/r1', { out: () => {}, err: () => {} }, AbortSignal.abort());
    expect(after).toEqual({
      kind: 'interrupted',
      skipped: [
        "summary.json (launcher analyze '/tmp/my runs/r1' writes it)",
        "the check (launcher check '/tmp/my runs/r1')",
        "report.html (launcher report '/tmp/my runs/r1' writes it)",
      ],
    });
  });
});
