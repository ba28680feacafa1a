import { describe, expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { formatCheck } from '../../analysis/format-check.js';
import { fixtureRun } from './fixture-runs.js';

describe('formatCheck', () => {
  test('valid, with the notes', async () => {
    const lines = formatCheck(await checkRun(fixtureRun('ended-early')));
    expect(lines[0]).toMatch(/^valid: .*ended-early \(14 rows, 5 messages\)$/);
    expect(lines.slice(1).every((line) => line.startsWith('note: '))).toBe(true);
    expect(lines).toHaveLength(4);
  });

  test('a violation names its rule, file, tick and line, what was found and what was expected', async () => {
    const lines = formatCheck(await checkRun(fixtureRun('fifo-link')));
    expect(lines).toEqual([
      expect.stringMatching(/^1 violation in .*fifo-link \(14 rows, 6 messages\)$/),
      'fifo-link: vm-1.csv tick 3 (line 5): found 0-2 received after 0-3; expected messages from VM 0 in the order sent',
      'rule fifo-link: messages from one sender are received in the order they were sent',
    ]);
  });

  test('no VM logged a row (a run that never started): nothing to check and why, as report says it, never "valid"', async () => {
    const lines = formatCheck(await checkRun(fixtureRun('never-started')));
    // The CSVs' notes stay; no VM's `0 ticks of 10 expected`, which the first line says of them all.
    expect(lines).toEqual([
      expect.stringMatching(
        /^nothing to check: no VM logged a row in .*never-started \(run failed: VM 1 could not start \(port-in-use: 127\.0\.0\.1:40001: EADDRINUSE\)\)$/,
      ),
      'note: vm-0.csv is missing',
      'note: vm-1.csv is missing',
    ]);
  });

  test('a folder of VMs run by hand: the line of what its vm-K.json files could not tell, under the verdict', () => {
    const checked = { runDir: 'logs', rows: 6, messages: 2, notes: [{ vm: 1, text: 'VM 1 ended early' }] };
    const unjudged = ["ticks after the Ctrl-C's stop (its instant is not recorded)", 'something else'];
    expect(formatCheck({ ok: true, ...checked, byHand: { unjudged } })).toEqual([
      'valid: logs (6 rows, 2 messages)',
      "by hand: no manifest.json, so each VM is held to its vm-K.json; not judged: ticks after the Ctrl-C's stop (its instant is not recorded); something else",
      'note: VM 1 ended early',
    ]);
    expect(formatCheck({ ok: true, ...checked, byHand: { unjudged: [] } })[1]).toBe(
      'by hand: no manifest.json, so each VM is held to its vm-K.json; every rule judged',
    );
  });

  test("a by-hand folder's rule lines say what stands in for the manifest (its vm-K.json files), never the manifest", () => {
    const violation = { vm: 1, tick: null, line: null, found: 'ticks 99 in vm-1.json', expected: '10' };
    const broken = {
      ok: false as const,
      reason: 'violations' as const,
      runDir: 'out2',
      rows: 6,
      messages: 2,
      notes: [],
      violations: [{ rule: 'manifest-figures' as const, ...violation }],
      violationCount: 3,
      countsByRule: { 'manifest-figures': 1, 'tick-time': 1, 'after-stop': 1 },
    };
    const rules = (lines: string[]) => lines.filter((line) => line.startsWith('rule '));
    const byHand = rules(formatCheck({ ...broken, byHand: { unjudged: [] } }));
    expect(byHand).toHaveLength(3);
    for (const line of byHand) expect(line).not.toMatch(/manifest's|in the manifest/);
    expect(byHand).toEqual([
      expect.stringMatching(/^rule manifest-figures: .* in its vm-K\.json \(standing in for the manifest\) are /),
      expect.stringMatching(/^rule tick-time: .*the latest vm-K\.json's endedAt - startEpochMs/),
      expect.stringMatching(/^rule after-stop: .*the session's planned end/),
    ]);
    // A run folder's lines keep the manifest.
    expect(rules(formatCheck(broken))[0]).toMatch(/maxQueue in the manifest are /);
  });

  test('VMs that ran every tick due before the stop a signal set fold into one line', async () => {
    expect(formatCheck(await checkRun(fixtureRun('interrupted')))).toEqual([
      expect.stringMatching(/^valid: /),
      'note: VMs 0 and 1 ended early at the stop a signal set (1.900 s of 10 s): every tick due before it ran',
    ]);
  });

  test('the folded lines come after the notes that matter, one per stop; a VM alone at its stop keeps its note', () => {
    const signal = 'the stop a signal set (1.900 s of 10 s)';
    const failure = "the launcher's stop as the run failed (5.633 s of 10 s)";
    const notes = [
      { vm: 0, text: 'VM 0 ended early: 9', endedAtStop: failure },
      { vm: 1, text: 'VM 1 lost 3 of its 9 ticks to an injected kill (ran 6)' },
      { vm: 2, text: 'VM 2 ended early: 9', endedAtStop: failure },
      { vm: 3, text: 'VM 3 ended early: 9', endedAtStop: failure },
      { vm: 4, text: 'VM 4 ended early: 4', endedAtStop: signal },
    ];
    expect(formatCheck({ ok: true, runDir: 'r', rows: 40, messages: 2, notes })).toEqual([
      'valid: r (40 rows, 2 messages)',
      'note: VM 1 lost 3 of its 9 ticks to an injected kill (ran 6)',
      'note: VM 4 ended early: 4',
      `note: VMs 0, 2 and 3 ended early at ${failure}: every tick due before it ran`,
    ]);
  });

  test('unreadable', async () => {
    expect(formatCheck(await checkRun(fixtureRun('bad-header')))[0]).toMatch(/^unreadable: .*vm-1\.csv: header is/);
  });
});
