import { describe, expect, test } from '@jest/globals';
import type { ExportOutcome } from '../../export/export-outcome.js';
import { notExportable } from '../../export/export-outcome.js';
import { reportExport } from '../../export/export-report.js';

const done: ExportOutcome = {
  ok: true,
  hosts: 2,
  events: 14,
  clampedEntries: 0,
  clampedOf: [],
  vectors: 'logged',
  fails: null,
};

function said(outcome: ExportOutcome, where = 'out.log') {
  const lines: string[] = [];
  const code = reportExport(outcome, where, (line) => lines.push(line));
  return { code, lines };
}

describe('reportExport', () => {
  test('an export written: one line, exit 0; replayed vectors are named', () => {
    expect(said(done)).toEqual({
      code: 0,
      lines: ['exported 14 events of 2 hosts to out.log; vector clocks as logged'],
    });
    expect(said({ ...done, vectors: 'replayed' }).lines).toEqual([
      'exported 14 events of 2 hosts to out.log; vector clocks replayed from the messages (a run from before vector clocks)',
    ]);
  });

  test('rows check rejects: said first, exit 5 (fails check)', () => {
    const fails = { runDir: 'logs/r1', violations: 2, first: null, scope: 'check' as const };
    expect(said({ ...done, fails })).toEqual({
      code: 5,
      lines: [
        'log from a folder that fails check: 2 violations (launcher check logs/r1 for all)',
        'exported 14 events of 2 hosts to out.log; vector clocks as logged',
      ],
    });
  });

  test('entries lowered: a note after the line, naming the host that keeps the missing rows', () => {
    const lost = said({ ...done, clampedEntries: 3, clampedOf: [{ vm: 1, entries: 3, onHost: null }] });
    expect(lost.lines[1]).toBe(
      "note: 3 vector entries named events their VM never logged (lost with a killed VM); each now names that VM's last logged event",
    );
    const kept = said({
      ...done,
      clampedEntries: 4,
      clampedOf: [
        { vm: 0, entries: 1, onHost: null },
        { vm: 2, entries: 3, onHost: { host: 'h2', field: 'earlierRowsOnHost' } },
      ],
    });
    expect(kept.lines[1]).toBe(
      "note: 4 vector entries named events missing from the run folder: 1 of VM 0, lost with it killed; 3 of VM 2, whose rows not in the run folder stay on host h2 (the manifest's earlierRowsOnHost); each now names that VM's last logged event",
    );
  });

  test('an export not done: one line each, its own exit code', () => {
    expect(said(notExportable('vm-0.csv', 7, 'bad row'))).toEqual({
      code: 1,
      lines: ['not exportable: vm-0.csv line 7: bad row'],
    });
    expect(said({ ok: false, reason: 'no-rows', said: 'no VM logged a row in /tmp/pt (run failed)' })).toEqual({
      code: 1,
      lines: ['nothing to export: no VM logged a row in /tmp/pt (run failed); nothing written to out.log'],
    });
  });

  test('an output closed with no failure of its own is a bug', () => {
    expect(() => said({ ok: false, reason: 'output-closed' })).toThrow(/stopped, yet its output reports no failure/);
  });
});
