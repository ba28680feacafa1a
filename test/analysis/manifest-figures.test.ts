/**
 * manifest-figures' maxJump and maxQueue: the manifest's highest jump and queue length of a VM are its rows', over
 * every life of a restarted VM, and at least the good rows' where a malformed row may have held a higher one.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { formatCheck, violationLine } from '../../analysis/format-check.js';
import { copyRun, vm1 } from './fixture-runs.js';

type Json = Record<string, unknown>;

/**
 * `fixture` with its manifest edited by `edit` and vm-1.csv's line `line` (1-based, the header line 1) by `row`:
 * check's row-format and manifest-figures lines (a mangled receive is an exactly-once finding too) and analyze's first
 * finding.
 */
async function checked(
  fixture: string,
  edit: (m: Json) => Json,
  row?: { line: number; edit: (cells: string[]) => void },
): Promise<{ lines: string[]; analyzed: string }> {
  const run = await copyRun(fixture, edit);
  try {
    if (row !== undefined) {
      const file = join(run.dir, 'vm-1.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      const cells = (lines[row.line - 1] ?? '').split(',');
      row.edit(cells);
      lines[row.line - 1] = cells.join(',');
      await writeFile(file, lines.join('\n'));
    }
    const lines = formatCheck(await checkRun(run.dir)).filter((line) => /^(row-format|manifest-figures): /.test(line));
    const analysis = await analyzeRun(run.dir);
    if (!analysis.ok) throw new Error(`unreadable: ${analysis.detail}`);
    const first = analysis.analysis.rowVerdict.first;
    return { lines, analyzed: first === null ? 'none' : violationLine(first) };
  } finally {
    await run.remove();
  }
}

const queueLen = 7;
const same = (m: Json) => m;

describe("manifest-figures: a VM's maxJump and maxQueue are its rows'", () => {
  test("a queue_len edited 1 -> 50: the manifest's maxQueue 1 is not the rows' highest, for check and analyze", async () => {
    // vm-1.csv line 4: tick 2, a receive leaving 1 in the queue.
    const { lines, analyzed } = await checked('basic', same, { line: 4, edit: (cells) => (cells[queueLen] = '50') });
    const line =
      'manifest-figures: vm-1.csv: found maxQueue 1 in manifest.json; expected 50, the highest queue_len of the rows of vm-1.csv';
    expect(lines).toEqual([line]);
    expect(analyzed).toBe(line);
  });

  test("the manifest's maxJump edited: found against the rows' highest jump", async () => {
    const { lines } = await checked('basic', vm1({ maxJump: 9 }));
    expect(lines).toEqual([
      'manifest-figures: vm-1.csv: found maxJump 9 in manifest.json; expected 3, the highest jump of the rows of vm-1.csv',
    ]);
  });

  test("a restarted VM's figures are the highest over its lives: its first life's alone are found", async () => {
    // VM 1's clock was reset at its restart: its new life's first row jumps 10 from 0; its first life's highest was 2.
    const { lines } = await checked('restarted', vm1({ maxJump: 2 }));
    expect(lines).toEqual([
      'manifest-figures: vm-1.csv: found maxJump 2 in manifest.json; expected 10, the highest jump of the rows of vm-1.csv',
    ]);
  });

  test('a malformed row may have held the highest: the manifest may be above the good rows, never below', async () => {
    // Line 3 (tick 1, jump 3, the VM's highest) mangled: the good rows' highest jump is 1, the manifest's 3.
    const mangle = { line: 3, edit: (cells: string[]) => (cells[2] = 'receeve') };
    expect((await checked('basic', same, mangle)).lines).toEqual([
      expect.stringMatching(/^row-format: vm-1\.csv tick 1 \(line 3\): /),
    ]);
    const below = await checked('basic', vm1({ maxJump: 0 }), mangle);
    expect(below.lines).toEqual([
      expect.stringMatching(/^row-format: vm-1\.csv tick 1 \(line 3\): /),
      'manifest-figures: vm-1.csv: found maxJump 0 in manifest.json; expected at least 1 (with 1 malformed), the highest jump of the rows of vm-1.csv',
    ]);
  });
});
