import { readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { formatCheck, violationLine } from '../../analysis/format-check.js';
import { joinRowVerdicts } from '../../analysis/row-verdict.js';
import type { RuleName, Violation } from '../../analysis/violation.js';
import { fixtureRun, fixturesDir } from './fixture-runs.js';

/** The rules that match messages and vectors across VMs: check runs them, analyze does not. */
const acrossVms = new Set<RuleName>([
  'receive-after-send',
  'carried-clock',
  'fifo-link',
  'exactly-once',
  'unknown-message',
  'receive-time',
  'vector-own',
  'vector-local',
  'vector-receive',
  'vector-order',
]);

const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe("analyzeRun's rowVerdict: check's verdict on each VM's own rows, in the analysis's read", () => {
  test.each(fixtures)('%s', async (name) => {
    const check = await checkRun(fixtureRun(name));
    const analyzed = await analyzeRun(fixtureRun(name));
    if (!analyzed.ok || (!check.ok && check.reason === 'unreadable')) {
      // A folder neither can read (bad-header) is refused by both alike.
      expect({ analyze: analyzed.ok, check: check.ok }).toEqual({ analyze: false, check: false });
      return;
    }
    const violations = !check.ok && check.reason === 'violations' ? check.violations : [];
    const own = violations.filter((v) => !acrossVms.has(v.rule));
    const counts = !check.ok && check.reason === 'violations' ? check.countsByRule : {};
    const ownCounts = Object.fromEntries(Object.entries(counts).filter(([rule]) => !acrossVms.has(rule as RuleName)));
    expect(analyzed.analysis.rowVerdict).toEqual({
      violations: own.length,
      countsByRule: ownCounts,
      first: own[0] ?? null,
    });
  });

  test('the fixtures break rules of both kinds', async () => {
    const rules = new Set<string>();
    for (const name of fixtures) {
      const analyzed = await analyzeRun(fixtureRun(name));
      if (analyzed.ok) for (const rule of Object.keys(analyzed.analysis.rowVerdict.countsByRule)) rules.add(rule);
    }
    expect([...rules].sort()).toEqual(
      ['clock-rising', 'jump-column', 'local-clock', 'msg-id-sequence', 'receive-clock', 'row-format']
        .concat(['send-msg-clock', 'tick-count', 'tick-sequence'])
        .sort(),
    );
    // And the jump-column fixture's one finding reads as check prints it.
    const jump = await analyzeRun(fixtureRun('jump-column'));
    const first = jump.ok ? jump.analysis.rowVerdict.first : null;
    expect(first === null ? null : violationLine(first)).toBe(
      formatCheck(await checkRun(fixtureRun('jump-column')))[1],
    );
  });
});

describe('joinRowVerdicts', () => {
  const finding = (vm: number, line: number | null): Violation => ({
    rule: 'tick-time',
    vm,
    tick: line,
    line,
    found: 'f',
    expected: 'e',
  });

  test('counts summed by rule; the first finding of the first VM that has one', () => {
    expect(
      joinRowVerdicts([
        { violations: 0, countsByRule: {}, first: null },
        { violations: 3, countsByRule: { 'tick-time': 1, 'jump-column': 2 }, first: finding(1, 9) },
        { violations: 1, countsByRule: { 'tick-time': 1 }, first: finding(2, 2) },
      ]),
    ).toEqual({ violations: 4, countsByRule: { 'tick-time': 2, 'jump-column': 2 }, first: finding(1, 9) });
    expect(joinRowVerdicts([])).toEqual({ violations: 0, countsByRule: {}, first: null });
  });
});
