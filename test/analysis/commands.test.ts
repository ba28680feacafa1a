import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeCommand, checkCommand } from '../../analysis/commands.js';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { checkAndSave } from '../../analysis/saved-check.js';
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

describe('analyzeCommand on a folder that fails check', () => {
  test('a row rule broken: one line first on stderr, with the first finding; the figures all the same; exit 5', async () => {
    const dir = fixtureRun('jump-column');
    const text = writer();
    expect(await analyzeCommand(dir, { json: false }, text.out)).toBe(5);
    expect(text.errors).toEqual([
      'figures from a folder that fails check: 1 violation, first: jump-column: vm-0.csv tick 5 (line 7): found jump 2; ' +
        `expected 6 - 5 = 1 (launcher check ${dir} for all; the rules across VMs were not run here)`,
    ]);
    expect(text.lines[0]).toMatch(/^run jump-column: status ok/);
    // --json: stdout is the JSON alone, which holds the verdict too.
    const json = writer();
    expect(await analyzeCommand(dir, { json: true }, json.out)).toBe(5);
    expect(json.errors).toEqual(text.errors);
    expect((JSON.parse(json.lines.join('\n')) as RunAnalysis).rowVerdict).toMatchObject({
      violations: 1,
      countsByRule: { 'jump-column': 1 },
    });
  });

  test('a rule across VMs broken: only a check.json that still matches the folder says so', async () => {
    const run = await copyRun('exactly-once-lost');
    try {
      // Each VM's own rows are sound: no verdict of analyze's own.
      const before = writer();
      expect(await analyzeCommand(run.dir, { json: true }, before.out)).toBe(0);
      expect(before.errors).toEqual([]);
      await checkAndSave(run.dir);
      const saved = writer();
      expect(await analyzeCommand(run.dir, { json: true }, saved.out)).toBe(5);
      expect(saved.errors).toEqual([
        expect.stringMatching(
          /^figures from a folder that fails check: 1 violation, first: exactly-once: vm-0\.csv tick 9 \(line 11\): found copy to VM 1 is nowhere; expected exactly one \(launcher check .* for all\)$/,
        ),
      ]);
      // A file changed since: the saved verdict no longer stands, and analyze's own read finds nothing.
      await appendFile(join(run.dir, 'manifest.json'), ' ');
      const stale = writer();
      expect(await analyzeCommand(run.dir, { json: true }, stale.out)).toBe(0);
      expect(stale.errors).toEqual([]);
    } finally {
      await run.remove();
    }
  });

  test('a summary.json that cannot be saved keeps exit 5', async () => {
    const run = await copyRun('jump-column');
    try {
      await mkdir(join(run.dir, 'summary.json'));
      const out = writer();
      expect(await analyzeCommand(run.dir, { json: true, summary: true }, out.out)).toBe(5);
      expect(out.errors.map((line) => line.split(':')[0])).toEqual(['figures from a folder that fails check', 'note']);
    } finally {
      await run.remove();
    }
  });
});
