import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeCommand, checkCommand } from '../../analysis/commands.js';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { copyRun, fixtureRun } from './fixture-runs.js';

/** `lines` what went to stdout, `errors` to stderr. */
function writer() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: { out: (line: string) => lines.push(line), err: (line: string) => errors.push(line) } };
}

describe('checkCommand', () => {
  test('exit 0 valid, 1 violations, 2 unreadable', async () => {
    const valid = writer();
    expect(await checkCommand(fixtureRun('basic'), valid.out)).toBe(0);
    expect(valid.lines[0]).toMatch(/^valid: /);
    const broken = writer();
    expect(await checkCommand(fixtureRun('jump-column'), broken.out)).toBe(1);
    expect(broken.lines[1]).toMatch(/^jump-column: vm-0\.csv tick 5 \(line 7\)/);
    const unreadable = writer();
    expect(await checkCommand(fixtureRun('bad-header'), unreadable.out)).toBe(2);
    expect(unreadable.lines).toEqual([]);
    expect(unreadable.errors).toEqual([expect.stringMatching(/^unreadable: .*vm-\d\.csv: header is /)]);
  });
});

describe('analyzeCommand', () => {
  test('tables by default, the RunAnalysis value as JSON with --json', async () => {
    const text = writer();
    expect(await analyzeCommand(fixtureRun('basic'), { json: false }, text.out)).toBe(0);
    expect(text.lines.join('\n')).toMatch(/^run basic: status ok/);
    const json = writer();
    expect(await analyzeCommand(fixtureRun('basic'), { json: true }, json.out)).toBe(0);
    expect(json.lines).toHaveLength(1);
    const analysis = JSON.parse(json.lines[0] ?? '') as RunAnalysis;
    expect(analysis.vms.map((vm) => vm.clock.final)).toEqual([10, 6]);
  });

  test('exit 2 when the run cannot be read', async () => {
    const out = writer();
    expect(await analyzeCommand(fixtureRun('no-such-run'), { json: true }, out.out)).toBe(2);
    expect(out.lines).toEqual([]);
    expect(out.errors).toEqual([expect.stringMatching(/^unreadable: .*no-such-run: no such folder$/)]);
  });

  test('summary: true writes summary.json into the run folder', async () => {
    const run = await copyRun('basic');
    try {
      const out = writer();
      expect(await analyzeCommand(run.dir, { json: false, summary: true }, out.out)).toBe(0);
      expect(out.lines.at(-1)).toBe(`summary: ${join(run.dir, 'summary.json')}`);
      const saved = JSON.parse(await readFile(join(run.dir, 'summary.json'), 'utf8')) as RunAnalysis;
      expect(saved.runId).toBe('basic');
      // With --json the output stays pure JSON.
      const json = writer();
      expect(await analyzeCommand(run.dir, { json: true, summary: true }, json.out)).toBe(0);
      expect(json.lines).toHaveLength(1);
    } finally {
      await run.remove();
    }
  });

  test('a summary.json that cannot be saved (a read-only folder): the figures printed, a note, exit 0', async () => {
    const run = await copyRun('basic');
    try {
      // A folder under the name refuses the save whoever runs the test (root writes into a read-only folder).
      await mkdir(join(run.dir, 'summary.json'));
      const out = writer();
      expect(await analyzeCommand(run.dir, { json: true, summary: true }, out.out)).toBe(0);
      expect((JSON.parse(out.lines.join('\n')) as RunAnalysis).runId).toBe('basic');
      expect(out.errors).toEqual([
        `note: ${join(run.dir, 'summary.json')} not saved: cannot write (EISDIR); the figures are whole (--no-summary skips saving it)`,
      ]);
    } finally {
      await run.remove();
    }
  });
});
