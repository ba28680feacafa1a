import { describe, expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { copyRun, manifestVm } from './fixture-runs.js';

type Json = Record<string, unknown>;

/** checkRun on a copy of a fixture whose manifest went through `edit`. */
async function checkEdited(fixture: string, edit: (m: Json) => void) {
  const run = await copyRun(fixture, (m) => {
    edit(m);
    return m;
  });
  try {
    return await checkRun(run.dir);
  } finally {
    await run.remove();
  }
}

describe('message accounting against the manifest', () => {
  test('a copy listed as dropped that was also received is counted twice', async () => {
    const result = await checkEdited('basic', (m) => {
      manifestVm(m, 0).dropped = ['0-2>1'];
    });
    expect(result).toMatchObject({ ok: false, reason: 'violations', violationCount: 1 });
    if (!result.ok && result.reason === 'violations') {
      expect(result.violations[0]).toMatchObject({ rule: 'exactly-once', vm: 0, line: 5 });
      expect(result.violations[0]?.found).toBe('copy to VM 1 received at vm-1.csv line 4 and dropped');
    }
  });

  test('a copy both pending and dropped', async () => {
    const result = await checkEdited('basic', (m) => {
      manifestVm(m, 0).dropped = ['0-5>1'];
    });
    if (result.ok || result.reason !== 'violations') throw new Error('expected violations');
    expect(result.violations.map((v) => [v.rule, v.found])).toEqual([
      ['exactly-once', 'copy to VM 1 pending at VM 1 and dropped'],
    ]);
  });

  test('pending or dropped entries that match no send are unknown messages, with no row', async () => {
    const result = await checkEdited('basic', (m) => {
      manifestVm(m, 1).pendingAtStop = ['0-4', '0-5', '0-9'];
      manifestVm(m, 1).dropped = ['1-1>0', 'garbage'];
    });
    if (result.ok || result.reason !== 'violations') throw new Error('expected violations');
    // 1-1>0 also counts 1-1 twice (received by VM 0 and dropped).
    expect(result.violations.map((v) => [v.rule, v.vm, v.line, v.found])).toEqual([
      ['exactly-once', 1, 2, 'copy to VM 0 received at vm-0.csv line 3 and dropped'],
      ['unknown-message', 1, null, '0-9>1 in the pendingAtStop of VM 1'],
      ['unknown-message', 1, null, 'garbage in the dropped list of VM 1'],
    ]);
  });

  test('a copy lost to a VM that did not stop cleanly is a note', async () => {
    const result = await checkEdited('basic', (m) => {
      manifestVm(m, 1).pendingAtStop = [];
      manifestVm(m, 1).exit = 'killed by SIGKILL';
      m.status = 'failed';
      m.reason = 'VM 1 was killed by SIGKILL before the run ended';
    });
    if (!result.ok) throw new Error(`expected a valid run: ${JSON.stringify(result)}`);
    expect(result.notes.map((n) => n.text)).toEqual([
      '2 copies sent to VM 1 are neither received, pending nor dropped: lost with VM 1, which did not stop cleanly (exit: killed by SIGKILL)',
    ]);
  });

  test('copies unaccounted in an interrupted run whose VMs all stopped cleanly are violations, not a note', async () => {
    // What a terminal's Ctrl-C did before VMs ignored it: an interrupted run missing VM 1's pending list.
    const result = await checkEdited('basic', (m) => {
      m.status = 'interrupted';
      m.reason = 'stopped by a signal to the launcher';
      for (const id of [0, 1]) manifestVm(m, id).stoppedEarly = true;
      manifestVm(m, 1).pendingAtStop = [];
    });
    if (result.ok || result.reason !== 'violations') throw new Error(`expected violations: ${JSON.stringify(result)}`);
    expect(result.violations.map((v) => [v.rule, v.vm, v.found])).toEqual([
      ['exactly-once', 0, 'copy to VM 1 is nowhere'],
      ['exactly-once', 0, 'copy to VM 1 is nowhere'],
    ]);
    expect(result.notes.filter((n) => /neither received/.test(n.text))).toEqual([]);
  });

  test('copies nowhere on a link its recipient recorded as ended without its end marker are a note', async () => {
    // VM 0 paused across the stop: VM 1 gave up on its end marker, and 0-4, 0-5 came after that.
    const result = await checkEdited('basic', (m) => {
      manifestVm(m, 1).pendingAtStop = [];
      manifestVm(m, 1).unendedLinks = [{ from: 0, cause: 'silent' }];
    });
    if (!result.ok) throw new Error(`expected a valid run: ${JSON.stringify(result)}`);
    expect(result.notes.map((n) => [n.vm, n.text])).toEqual([
      [
        1,
        '2 copies sent by VM 0 to VM 1 are neither received, pending nor dropped: lost with a link that never ended ' +
          '(VM 1 stopped waiting for the end marker from VM 0, silent past its idle timeout)',
      ],
    ]);
  });

  test('without that record, or with one for the other direction, those copies stay violations', async () => {
    for (const unended of [[], [{ from: 1, cause: 'past-deadline' }]]) {
      const result = await checkEdited('basic', (m) => {
        manifestVm(m, 1).pendingAtStop = [];
        manifestVm(m, 0).unendedLinks = unended;
      });
      if (result.ok || result.reason !== 'violations')
        throw new Error(`expected violations: ${JSON.stringify(result)}`);
      expect(result.violations.map((v) => [v.rule, v.vm, v.found])).toEqual([
        ['exactly-once', 0, 'copy to VM 1 is nowhere'],
        ['exactly-once', 0, 'copy to VM 1 is nowhere'],
      ]);
      expect(result.notes.filter((n) => /never ended/.test(n.text))).toEqual([]);
    }
  });

  test("receives of a dead VM's messages past its CSV's last send are a note, not unknown", async () => {
    // VM 0 dies: its CSV kept 0-1..0-5, so a pending 0-6 at VM 1 may be a send whose row was lost.
    const result = await checkEdited('basic', (m) => {
      manifestVm(m, 0).exit = 'killed by SIGKILL';
      manifestVm(m, 1).pendingAtStop = ['0-4', '0-5', '0-6'];
      m.status = 'failed';
      m.reason = 'VM 0 was killed by SIGKILL before the run ended';
    });
    if (!result.ok) throw new Error(`expected a valid run: ${JSON.stringify(result)}`);
    expect(result.notes.map((n) => n.text)).toEqual([
      "VM 0 did not stop cleanly: 1 of its messages reached peers after its CSV's last send row",
    ]);
  });
});
