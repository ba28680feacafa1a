import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { type CheckResult, checkRun } from '../../analysis/check-run.js';
import { dueTicksLines } from '../../analysis/due-lines.js';
import type { RuleName, Violation } from '../../analysis/violation.js';
import { launcher, tempDir } from '../integration/cli-harness.js';
import {
  copyRun,
  fixtureRun,
  manifestVm,
  setAsideRowsOnHost,
  withEarlierRowsOnHost,
  withRowsOnHost,
} from './fixture-runs.js';

/**
 * The restarted run as one that failed at 1.5 s: VM 0 killed by SIGKILL after its tick 7, and the launcher stopping
 * VM 1 there. VM 1's entry and its first `vm1Rows` rows (0..3, then 7) are `editVm1`'s to set.
 */
async function failedAtOneAndAHalf(editVm1: (m: Record<string, unknown>) => void, vm1Rows: number) {
  const run = await copyRun('restarted', (m) => {
    Object.assign(manifestVm(m, 0), { ticks: 8, sent: 3, received: 1, finalClock: 9, stoppedEarly: true });
    Object.assign(manifestVm(m, 0), { exit: 'killed by SIGKILL', stopElapsedMs: 1500 });
    editVm1(m);
    return { ...m, status: 'failed', reason: 'VM 0 was killed by SIGKILL before the run ended' };
  });
  for (const [file, rows] of [
    ['vm-0.csv', 8],
    ['vm-1.csv', vm1Rows],
  ] as const) {
    const lines = (await readFile(join(run.dir, file), 'utf8')).trimEnd().split('\n');
    await writeFile(join(run.dir, file), `${lines.slice(0, rows + 1).join('\n')}\n`);
  }
  return run;
}

/** The check's note on the kill, and the line of `analyze` that counts the same ticks; removes `run` after. */
async function expectKillCount(run: { dir: string; remove(): Promise<void> }, note: string, analyzeLine: string) {
  try {
    expect(expectOk(await checkRun(run.dir)).notes.map((n) => n.text)).toContain(note);
    const analyzed = await analyzeRun(run.dir);
    if (!analyzed.ok) throw new Error(analyzed.detail);
    expect(dueTicksLines(analyzed.analysis)).toContain(analyzeLine);
  } finally {
    await run.remove();
  }
}

async function violationsOf(name: string): Promise<Violation[]> {
  const result = await checkRun(fixtureRun(name));
  if (result.ok || result.reason !== 'violations')
    throw new Error(`expected violations, got ${JSON.stringify(result)}`);
  expect(result.violationCount).toBe(result.violations.length);
  return result.violations;
}

function expectOk(result: CheckResult): Extract<CheckResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a valid run, got ${JSON.stringify(result)}`);
  return result;
}

describe('checkRun on a fault that acted late', () => {
  test('a note per fault past the bound, with its due and actual instants; one on time says nothing', async () => {
    const run = await copyRun('basic', (manifest) => {
      const config = manifest.config as Record<string, unknown>;
      return { ...manifest, speed: 1000, config: { ...config, speed: 1000, durationSeconds: 60 } };
    });
    try {
      await writeFile(
        join(run.dir, 'faults.csv'),
        [
          'elapsed_ms,experiment_s,kind,vm,peer,detail,due_ms',
          '12.000,12.000,partition-start,,,{0} | {1},10.000',
          '57.000,57.000,pause,1,,for 10 s,20.000',
          '67.000,67.000,resume,1,,30 s,30.000',
        ].join('\n'),
      );
      // The fixture's rows are 2 s of ticks, short of 60 s: the tick-count violations are beside the point here.
      const result = await checkRun(run.dir);
      expect('notes' in result ? result.notes.map((n) => `${n.vm}: ${n.text}`) : result).toEqual([
        "1: fault pause of VM 1 acted 37 ms (real) late, past the 10 ms bound: due at 20 s (20 ms real), acted at 57 s (57 ms real); at speed 1000 each real ms of the launcher's timer is 1000 experiment ms (a lower --speed keeps faults on time)",
        "1: fault resume of VM 1 acted 37 ms (real) late, past the 10 ms bound: due at 30 s (30 ms real), acted at 67 s (67 ms real), after the run's 60 s end; at speed 1000 each real ms of the launcher's timer is 1000 experiment ms (a lower --speed keeps faults on time)",
      ]);
    } finally {
      await run.remove();
    }
  });
});

describe('checkRun on valid runs', () => {
  test('the basic fixture breaks no rule', async () => {
    const result = expectOk(await checkRun(fixtureRun('basic')));
    expect(result).toMatchObject({ rows: 14, messages: 6, notes: [] });
  });

  test('the vectors fixture (basic with the vector_clock column) breaks no rule', async () => {
    const result = expectOk(await checkRun(fixtureRun('vectors')));
    expect(result).toMatchObject({ rows: 14, messages: 6, notes: [] });
  });

  test('a killed VM is a note, not a violation', async () => {
    const result = expectOk(await checkRun(fixtureRun('ended-early')));
    const texts = result.notes.map((n) => `${n.vm}: ${n.text}`);
    expect(texts).toEqual([
      expect.stringMatching(/^1: vm-1\.csv ends in a cut line \(42 bytes\)/),
      // 0-2 was in flight when VM 1 died; 0-3 and 0-4 are in VM 0's dropped list.
      expect.stringMatching(/^1: 1 copy sent to VM 1 is neither received, pending nor dropped/),
      expect.stringMatching(/^1: VM 1 ended early: 4 ticks of 10 expected \(exit: killed by SIGKILL/),
    ]);
  });
});

describe('checkRun notes with a count of one', () => {
  test('a VM killed after its first row: 1 tick, a cut line of 1 byte', async () => {
    // Its entry as the launcher rebuilds it from the one row its CSV kept.
    const run = await copyRun('ended-early', (m) => {
      Object.assign(manifestVm(m, 1), { ticks: 1, sent: 0, received: 0, finalClock: 1, maxJump: 1 });
      return m;
    });
    try {
      const header = (await readFile(join(run.dir, 'vm-1.csv'), 'utf8')).split('\n')[0];
      await writeFile(join(run.dir, 'vm-1.csv'), `${header}\n1,0,internal,2026-01-01T00:00:00.000Z,0.700,1,1,0,,,\n1`);
      const texts = expectOk(await checkRun(run.dir)).notes.map((n) => n.text);
      expect(texts).toContain('vm-1.csv ends in a cut line (1 byte), left out');
      expect(texts).toContain(
        'VM 1 ended early: 1 tick of 10 expected (exit: killed by SIGKILL, stopped early, run failed)',
      );
    } finally {
      await run.remove();
    }
  });
});

describe('checkRun on a run stopped by a signal', () => {
  test('still notes that every VM ended before the configured end: the run was cut', async () => {
    const result = expectOk(await checkRun(fixtureRun('interrupted')));
    expect(result.notes.map((n) => n.text)).toEqual([
      'VM 0 ended early: 10 ticks of 50 expected, 10 due before the stop at 1.900 s of 10 s (exit: done, stopped early, run interrupted)',
      'VM 1 ended early: 4 ticks of 20 expected, 4 due before the stop at 1.900 s of 10 s (exit: done, stopped early, run interrupted)',
    ]);
  });
});

describe('checkRun on a run with an injected kill and restart', () => {
  test('the first life`s rows past the run folder`s kept on its host: its missing ticks are not said never to have run', async () => {
    // As below, and its first life's rows past those in the run folder were set aside on h2 (earlierRowsOnHost).
    const run = await copyRun('restarted', (m) => {
      manifestVm(m, 1).restarts = [{ killElapsedMs: 1100, rejoinElapsedMs: 1300 }];
      manifestVm(m, 1).earlierRowsOnHost = [{ ...setAsideRowsOnHost, fromByte: 200 }];
      return m;
    });
    try {
      const notes = expectOk(await checkRun(run.dir)).notes.map((n) => n.text);
      expect(notes.filter((text) => !text.includes('stay on host'))).toEqual([
        'VM 1 restarted at tick 7 (line 6): ticks 4..6 are not in its CSV here',
        'VM 1 lost 2 of its 10 ticks to an injected kill (7 in its CSV here; 1 more due not in it)',
      ]);
    } finally {
      await run.remove();
    }
  });

  test("rows kept on the host, the next life numbered past them: valid, the kept rows' message a note, not unknown", async () => {
    const result = expectOk(await checkRun(fixtureRun('kept-rows')));
    expect(result.notes.map((n) => n.text)).toContain(
      "VM 1's life 1 sent 1 copy received, pending or dropped in rows that stay on host h2 in /opt/clocklab/logs/.remote-kept-rows/vm-1.life-1.csv: their sends are not in vm-1.csv, so they are not matched (its life 2 numbered its own past them)",
    );
  });

  test('the same rows with no record of rows kept: the skipped numbers, the risen vector entry and the message are violations', async () => {
    const run = await copyRun('kept-rows', (m) => {
      delete manifestVm(m, 1).earlierRowsOnHost;
      return m;
    });
    try {
      const result = await checkRun(run.dir);
      expect(!result.ok && result.reason === 'violations' && result.countsByRule).toEqual({
        'msg-id-sequence': 1,
        'vector-own': 1,
        'unknown-message': 1,
      });
    } finally {
      await run.remove();
    }
  });

  test('the tick gap, the clock reset and the lost ticks are notes', async () => {
    const result = expectOk(await checkRun(fixtureRun('restarted')));
    expect(result.notes.map((n) => n.text)).toEqual([
      'VM 1 restarted at tick 7 (line 6): ticks 4..6 never ran',
      // Ticks 4..6 never ran: 3 lost, 7 ran.
      'VM 1 lost 3 of its 10 ticks to an injected kill (ran 7)',
    ]);
  });

  test('with the restart recorded, the ticks lost are those `analyze` leaves out of the VM`s due', async () => {
    // Killed at 1.1 s (a stall after tick 3), back at 1.3 s: ticks 5 and 6 were lost with the kill, tick 4 (due
    // 0.8 s, over a period before the kill) was late, never run.
    const run = await copyRun('restarted', (m) => {
      manifestVm(m, 1).restarts = [{ killElapsedMs: 1100, rejoinElapsedMs: 1300 }];
      return m;
    });
    try {
      const result = expectOk(await checkRun(run.dir));
      expect(result.notes.map((n) => n.text)).toContain(
        'VM 1 lost 2 of its 10 ticks to an injected kill (ran 7; 1 more due never ran)',
      );
      const analyzed = await analyzeRun(run.dir);
      if (!analyzed.ok) throw new Error(analyzed.detail);
      expect(analyzed.analysis.vms[1]?.ticks).toMatchObject({
        due: 8,
        restarts: [{ killMs: 1100, rejoinMs: 1300, lost: 2 }],
      });
    } finally {
      await run.remove();
    }
  });

  test('in a run a signal stopped, the kill cost only what is missing of the ticks due before the stop', async () => {
    // Stopped at 1.7 s: ticks 0..8 were due (9), so neither VM ran its tick 9 (due at 1.8 s), and VM 0 never took
    // 1-2 off its queue; VM 1 ran 6, so the kill cost 3 and the stop none.
    const run = await copyRun('restarted', (m) => {
      Object.assign(manifestVm(m, 0), { ticks: 9, received: 1, finalClock: 10, pendingAtStop: ['1-2'] });
      Object.assign(manifestVm(m, 1), { ticks: 6, finalClock: 11 });
      return { ...m, status: 'interrupted', reason: 'stopped by a signal to the launcher', stoppedAtMs: 1700 };
    });
    try {
      for (const file of ['vm-0.csv', 'vm-1.csv']) {
        const lines = (await readFile(join(run.dir, file), 'utf8')).trimEnd().split('\n');
        await writeFile(join(run.dir, file), `${lines.slice(0, -1).join('\n')}\n`);
      }
      const result = expectOk(await checkRun(run.dir));
      expect(result.notes.map((n) => n.text)).toContain(
        'VM 1 lost 3 of its 9 ticks to an injected kill (ran 6); the run was stopped by a signal at 1.700 s of 2 s',
      );
    } finally {
      await run.remove();
    }
  });

  test('in a run that failed, the kill cost only what is missing of the ticks due before its last VM stopped', async () => {
    // VM 0 died at 1.5 s (after its tick 7) and the launcher stopped VM 1 there: the ticks due after 1.5 s were lost
    // to the failure. Ticks 0..7 were due; VM 1 ran 0..3 and 7: the kill cost 4..6, as `analyze` counts it.
    const run = await failedAtOneAndAHalf((m) => {
      Object.assign(manifestVm(m, 1), { ticks: 5, sent: 1, received: 2, finalClock: 10, stoppedEarly: true });
      Object.assign(manifestVm(m, 1), {
        stopElapsedMs: 1500,
        restarts: [{ killElapsedMs: 700, rejoinElapsedMs: 1300 }],
      });
    }, 5);
    await expectKillCount(
      run,
      "VM 1 lost 3 of its 8 ticks due before the run's stop to an injected kill (ran 5); the run failed, its last VM stopping at 1.500 s of 2 s",
      'VM 1 was killed by an injected fault and restarted: down from 0.7 s to 1.3 s of 2 s; the 3 ticks due meanwhile were lost with it, not late',
    );
  });

  test('in a run that failed, a kill not restarted from cost the ticks due up to the last VM`s stop, no more', async () => {
    // As above, VM 1 killed at 0.7 s for good: of ticks 0..7, it ran 0..3.
    const run = await failedAtOneAndAHalf((m) => {
      const config = m.config as { faults: { kills: Record<string, unknown>[] } };
      config.faults.kills = [{ vm: 1, atSecond: 0.7 }];
      Object.assign(manifestVm(m, 1), { ticks: 4, sent: 1, received: 1, finalClock: 5, stoppedEarly: true });
      Object.assign(manifestVm(m, 1), { maxJump: 2, stopElapsedMs: 700, exit: 'killed (injected fault)' });
    }, 4);
    await expectKillCount(
      run,
      "VM 1 lost 4 of its 8 ticks due before the run's stop to an injected kill (ran 4); the run failed, its last VM stopping at 1.500 s of 2 s",
      "VM 1 was killed by an injected fault at 0.7 s of 2 s: the 4 ticks due from then to the last VM's stop at 1.5 s were lost with it, not late",
    );
  });

  test('without the kill in the config, the same rows break the tick and clock rules', async () => {
    const run = await copyRun('restarted', (m) => ({ ...m, config: { ...(m.config as object), faults: undefined } }));
    try {
      const result = await checkRun(run.dir);
      if (result.ok || result.reason !== 'violations') throw new Error('expected violations');
      expect(result.violations.map((v) => [v.rule, v.vm, v.line])).toEqual([
        ['tick-sequence', 1, 6],
        ['jump-column', 1, 6],
        ['tick-count', 1, 8],
      ]);
    } finally {
      await run.remove();
    }
  });
});

describe('checkRun on a real run whose VM is killed and restarted twice', () => {
  test('each restart keeps or resets the clock as its own kill says, in the order they happen', async () => {
    // Listed out of order: the kill at 2 s (clock kept) restarts first, the one at 5 s (clock reset) second.
    const config = {
      machines: 3,
      clockRates: [100, 300, 50],
      eventRange: 4,
      durationSeconds: 8,
      seed: 1,
      faults: {
        kills: [
          { vm: 1, atSecond: 5, restartAfterSeconds: 0.5, clock: 'reset' },
          { vm: 1, atSecond: 2, restartAfterSeconds: 0.3, clock: 'kept' },
        ],
      },
    };
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, 'twice.json'), JSON.stringify(config));
      const out = join(dir.path, 'run');
      const run = await launcher(['run', 'twice.json', '--engine', 'sim', '--out', out], dir.path);
      expect(run.exitCode).toBe(0);
      const result = expectOk(await checkRun(out));
      expect(result.notes.filter((n) => /restarted at tick/.test(n.text))).toHaveLength(2);
      // The second life's first row continues the clock; the third's starts again from 0.
      const rows = (await readFile(join(out, 'vm-1.csv'), 'utf8')).trim().split('\n').slice(1);
      const clocks = rows.map((line) => line.split(','));
      const starts = clocks.filter((cells, i) => i > 0 && Number(cells[1]) > Number(clocks[i - 1]?.[1]) + 1);
      expect(starts.map((cells) => Number(cells[5]) === Number(cells[6]))).toEqual([false, true]);
    } finally {
      await dir.remove();
    }
  });
});

/** Each fixture is the basic run with one thing broken: exactly one violation, of that rule, at that row. */
const broken: {
  fixture: string;
  rule: RuleName;
  vm: number;
  tick: number | null;
  line: number | null;
  found: RegExp;
}[] = [
  { fixture: 'row-format', rule: 'row-format', vm: 0, tick: 5, line: 7, found: /event 'interal'/ },
  { fixture: 'tick-sequence', rule: 'tick-sequence', vm: 0, tick: 7, line: 8, found: /tick 7/ },
  { fixture: 'clock-rising', rule: 'clock-rising', vm: 0, tick: 6, line: 8, found: /clock 6 after 6/ },
  { fixture: 'receive-clock', rule: 'receive-clock', vm: 1, tick: 2, line: 4, found: /clock 7/ },
  { fixture: 'local-clock', rule: 'local-clock', vm: 0, tick: 5, line: 7, found: /clock 7 on an internal/ },
  { fixture: 'jump-column', rule: 'jump-column', vm: 0, tick: 5, line: 7, found: /jump 2/ },
  { fixture: 'send-msg-clock', rule: 'send-msg-clock', vm: 0, tick: 7, line: 9, found: /msg_clock 7/ },
  { fixture: 'msg-id-sequence', rule: 'msg-id-sequence', vm: 0, tick: 7, line: 9, found: /0-5/ },
  { fixture: 'receive-after-send', rule: 'receive-after-send', vm: 1, tick: 1, line: 3, found: /clock 2/ },
  { fixture: 'carried-clock', rule: 'carried-clock', vm: 1, tick: 3, line: 5, found: /msg_clock 4/ },
  { fixture: 'fifo-link', rule: 'fifo-link', vm: 1, tick: 3, line: 5, found: /0-2 received after 0-3/ },
  { fixture: 'exactly-once-lost', rule: 'exactly-once', vm: 0, tick: 9, line: 11, found: /copy to VM 1 is nowhere/ },
  {
    fixture: 'exactly-once-twice',
    rule: 'exactly-once',
    vm: 0,
    tick: 4,
    line: 6,
    found: /received at vm-1\.csv line 5 and pending at VM 1/,
  },
  { fixture: 'unknown-message', rule: 'unknown-message', vm: 0, tick: 5, line: 7, found: /receive of 1-7/ },
  { fixture: 'tick-count', rule: 'tick-count', vm: 0, tick: 9, line: 11, found: /^10 ticks$/ },
  { fixture: 'vector-own', rule: 'vector-own', vm: 0, tick: 5, line: 7, found: /^entry 0 = 7$/ },
  { fixture: 'vector-local', rule: 'vector-local', vm: 0, tick: 5, line: 7, found: /after \{"0":5,"1":1\}/ },
  { fixture: 'vector-receive', rule: 'vector-receive', vm: 1, tick: 2, line: 4, found: /^\{"0":5,"1":3\}$/ },
];

describe('checkRun: one fixture per rule', () => {
  test.each(broken)('$fixture breaks $rule at vm $vm line $line', async ({ fixture, rule, vm, tick, line, found }) => {
    const violations = await violationsOf(fixture);
    expect(violations).toHaveLength(1);
    const [violation] = violations;
    expect(violation).toMatchObject({ rule, vm, tick, line });
    expect(violation?.found).toMatch(found);
    expect(violation?.expected).not.toBe('');
  });

  test('vector-order: a causal cycle that the Lamport clocks miss across a clock reset breaks it on both messages', async () => {
    // VM 1 receives 0-1 (tick 1), is killed and restarted with its clock reset, then sends 1-1 (tick 7), which VM 0
    // received before sending 0-1. Every Lamport value is consistent; the vectors show each receive before its send.
    // The rows' times show it too for 1-1, received at 0.5 ms and sent at 1400.7 ms (0-1's times are in order).
    const result = await checkRun(fixtureRun('vector-order'));
    if (result.ok || result.reason !== 'violations') throw new Error(`expected violations: ${JSON.stringify(result)}`);
    expect(result.violations.map((v) => [v.rule, v.vm, v.tick, v.line, v.found])).toEqual([
      ['vector-order', 0, 0, 2, '{"0":1,"1":5}, sent {"0":2,"1":5} (vm-1.csv line 6)'],
      ['receive-time', 0, 0, 2, 'elapsed_ms 0.5'],
      ['vector-order', 1, 1, 3, '{"0":2,"1":2}, sent {"0":2,"1":5} (vm-0.csv line 3)'],
    ]);
    expect(result.violationCount).toBe(3);
  });

  test('the expected side says what the rule wanted', async () => {
    expect((await violationsOf('receive-clock'))[0]?.expected).toBe('max(4, 4) + 1 = 5');
    expect((await violationsOf('tick-count'))[0]?.expected).toBe('20 +- 2 (clockRate 10 x 2 s)');
    expect((await violationsOf('fifo-link'))[0]?.expected).toBe('messages from VM 0 in the order sent');
    expect((await violationsOf('vector-receive'))[0]?.expected).toBe(
      '{"0":4,"1":3}: max(previous {"0":3,"1":2}, sent {"0":4,"1":1} at vm-0.csv line 5), own entry + 1',
    );
    expect((await violationsOf('vector-own'))[0]?.expected).toBe('5 + 1 = 6');
  });
});

describe('checkRun on a CSV edited by hand (basic, vm-0.csv: line 7 is tick 5, an internal event at clock 6)', () => {
  /** The findings, [rule, line], once `edit` has rewritten vm-0.csv's lines (lines[0] is the header, line 1). */
  async function findingsAfter(
    edit: (lines: string[]) => string[],
    fixture = 'basic',
  ): Promise<[string, number | null][]> {
    const run = await copyRun(fixture);
    try {
      const file = join(run.dir, 'vm-0.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, edit(lines).join('\n'));
      const result = await checkRun(run.dir);
      if (result.ok) return [];
      if (result.reason !== 'violations') throw new Error(`expected a readable run: ${JSON.stringify(result)}`);
      return result.violations.map((v) => [v.rule, v.line]);
    } finally {
      await run.remove();
    }
  }
  /** The check of `basic` once `edit` has rewritten `file`'s lines, with `fields` set in its manifest. */
  async function checkAfter(
    file: string,
    edit: (lines: string[]) => string[],
    fields: Record<string, unknown> = {},
    manifest: (m: Record<string, unknown>) => Record<string, unknown> = (m) => m,
  ): Promise<{ violations: Violation[] }> {
    const run = await copyRun('basic', (m) => manifest({ ...m, ...fields }));
    try {
      const path = join(run.dir, file);
      await writeFile(path, edit((await readFile(path, 'utf8')).split('\n')).join('\n'));
      const result = await checkRun(run.dir);
      if (result.ok) return { violations: [] };
      if (result.reason !== 'violations') throw new Error(`expected a readable run: ${JSON.stringify(result)}`);
      return { violations: result.violations };
    } finally {
      await run.remove();
    }
  }
  const at =
    (index: number, count: number, ...put: string[]) =>
    (lines: string[]) => {
      const edited = [...lines];
      edited.splice(index, count, ...put);
      return edited;
    };

  test.each([
    ['mangled', at(6, 1, 'this line was mangled by hand')],
    ['cut short', at(6, 1, '0,5,internal,2026-01-01')],
    ['with its tick mangled', at(6, 1, '0,-5,internal,2026-01-01T00:00:01.000Z,1000.500,6,1,0,,,')],
    ['pasted in before it', at(6, 0, 'this line was pasted in by hand')],
    // Their clocks read, far off: the next good row is judged against the last good one, not them.
    ['pasted in with clock 40', at(6, 0, '0,9,internal,2026-01-01T00:00:01.000Z,1000.500,40,34,0,,,,pasted')],
    ['with a field too many and clock 60', at(6, 1, '0,5,internal,2026-01-01T00:00:01.000Z,1000.500,60,55,0,,,,x')],
  ])('one line %s is one row-format finding, and nothing about the rows after it', async (_, edit) => {
    expect(await findingsAfter(edit)).toEqual([['row-format', 7]]);
  });

  test('a row whose vector_clock does not read is malformed: one finding, its clock 60 judged by nothing after', async () => {
    const row = '0,5,internal,2026-01-01T00:00:01.000Z,1000.500,60,55,0,,,,{0:60}';
    expect(await findingsAfter(at(6, 1, row), 'vectors')).toEqual([['row-format', 7]]);
  });

  test('elapsed_ms going back is one elapsed-order finding, on the row that goes back', async () => {
    // Tick 4 (due at 800 ms) ran late, at 1100.5 ms; tick 5 (due at 1000 ms) then stamped 1050.5: after its deadline.
    const late = '0,4,send,2026-01-01T00:00:01.100Z,1100.500,5,1,0,1,0-3,5';
    const back = '0,5,internal,2026-01-01T00:00:01.050Z,1050.500,6,1,0,,,';
    expect(await findingsAfter(at(5, 2, late, back))).toEqual([['elapsed-order', 7]]);
  });

  test('elapsed_ms going back to before its own deadline breaks both rules on that row', async () => {
    const back = '0,5,internal,2026-01-01T00:00:01.000Z,300.500,6,1,0,,,';
    expect(await findingsAfter(at(6, 1, back))).toEqual([
      ['elapsed-order', 7],
      ['tick-time', 7],
    ]);
  });

  test('a receive written before its send (one host: one clock) is one receive-time finding', async () => {
    // vm-1.csv line 3 receives 0-1 at 500.7 ms; its send (vm-0.csv line 4, tick 2, due at 400 ms) stamped late, at
    // 560.5 ms: each row after its own deadline, the receive before its send.
    const late = '0,2,send,2026-01-01T00:00:00.560Z,560.500,3,1,0,1,0-1,3';
    const result = await checkAfter('vm-0.csv', at(3, 1, late));
    expect(result.violations.map((v) => [v.rule, v.vm, v.line, v.found, v.expected])).toEqual([
      ['receive-time', 1, 3, 'elapsed_ms 500.7', "at least 560.5 - 1.28 ms, the send's (vm-0.csv line 4)"],
    ]);
    // 1 ms, and NTP's largest slew over the 500 ms since the start (0.25 ms), is within what two processes' clocks
    // may disagree by; the sim's one clock allows nothing.
    const within = '0,2,send,2026-01-01T00:00:00.501Z,501.500,3,1,0,1,0-1,3';
    expect((await checkAfter('vm-0.csv', at(3, 1, within))).violations).toEqual([]);
    const sim = (await checkAfter('vm-0.csv', at(3, 1, within), { engine: 'sim' })).violations;
    expect(sim.map((v) => [v.rule, v.expected])).toEqual([
      ['receive-time', "at least 501.5, the send's (vm-0.csv line 4)"],
    ]);
  });

  test('a receive on another host than its send is not judged by time: the clocks differ by an offset', async () => {
    const late = '0,2,send,2026-01-01T00:00:00.560Z,560.500,3,1,0,1,0-1,3';
    const onHosts = (m: Record<string, unknown>) => {
      for (const vm of m.vms as Record<string, unknown>[]) vm.host = `h${vm.id}`;
      return m;
    };
    expect((await checkAfter('vm-0.csv', at(3, 1, late), {}, onHosts)).violations).toEqual([]);
  });

  test('a row deleted is still a tick gap, and so is one deleted next to a mangled line', async () => {
    expect(await findingsAfter(at(6, 1))).toContainEqual(['tick-sequence', 7]);
    // Two rows made one line: the file holds 9 rows at most (one malformed) where the manifest counts 10 ticks.
    expect(await findingsAfter(at(6, 2, 'this line was mangled by hand'))).toEqual([
      ['row-format', 7],
      ['tick-sequence', 8],
      ['manifest-figures', null],
    ]);
  });
});

describe('checkRun on a run whose remote VM 0 had its rows kept on its host (the run folder could not take them)', () => {
  test("its sends received by VM 1 after its CSV's last send row are a note naming why, not unknown messages", async () => {
    // As the launcher writes it: the CSV holds the rows up to the failed write (0-1 its last send), the entry is
    // counted from them (stoppedVmEntry) and its exit says where the rest is; VM 1 received 0-2 and 0-3, holds 0-4, 0-5.
    const exit = 'rows kept on host h1: the run folder cannot take them (EFBIG)';
    const run = await copyRun('basic', (m) => {
      const vms = m.vms as Record<string, unknown>[];
      for (const vm of vms) Object.assign(vm, { host: `h${vm.id === 0 ? 1 : 2}` });
      Object.assign(manifestVm(m, 0), { exit, ticks: 3, sent: 1, received: 1, finalClock: 3, stoppedEarly: true });
      return { ...m, status: 'failed', reason: 'VM 0 cannot write vm-0.csv (EFBIG)' };
    });
    try {
      const file = join(run.dir, 'vm-0.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, `${lines.slice(0, 4).join('\n')}\n`);
      const result = expectOk(await checkRun(run.dir));
      expect(result.notes.map((n) => n.text)).toEqual([
        `VM 0's CSV is incomplete (${exit}): 4 of its messages reached peers after its CSV's last send row`,
        `VM 0 ended early: 3 ticks of 10 expected (exit: ${exit}, stopped early, run failed)`,
      ]);
    } finally {
      await run.remove();
    }
  });
});

describe('checkRun on what cannot be read', () => {
  test('a wrong header is unreadable, not a violation', async () => {
    expect(await checkRun(fixtureRun('bad-header'))).toMatchObject({
      ok: false,
      reason: 'unreadable',
      problem: 'csv-header',
    });
  });

  test('a folder that is not a run', async () => {
    expect(await checkRun(fixtureRun('no-such-run'))).toMatchObject({ reason: 'unreadable', problem: 'no-run-folder' });
    expect(await checkRun(fixtureRun(''))).toMatchObject({ reason: 'unreadable', problem: 'manifest-missing' });
  });
});

describe("checkRun on a run whose host kept a restarted VM's first life's rows", () => {
  test('one note saying where, and that the next life went on from that byte', async () => {
    const run = await copyRun('basic', withEarlierRowsOnHost);
    try {
      const notes = expectOk(await checkRun(run.dir)).notes.filter((n) => n.text.includes('stay on host'));
      expect(notes).toEqual([
        {
          vm: 1,
          text: 'VM 1: the rows its life 1 wrote from byte 321 of its CSV on are not in the run folder (its life 2 went on from that byte there): they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.life-1.csv (the answer was not base64)',
        },
      ]);
    } finally {
      await run.remove();
    }
  });
});

describe('checkRun on a run whose lost host kept rows', () => {
  test("a VM's rows that stay on its host (the manifest's rowsOnHost): one note saying where", async () => {
    const run = await copyRun('basic', withRowsOnHost);
    try {
      const notes = expectOk(await checkRun(run.dir)).notes.filter((n) => n.text.includes('stay on host'));
      expect(notes).toEqual([
        {
          vm: 1,
          text: 'VM 1: its rows from byte 321 of its CSV are not in the run folder: they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.csv (no answer from the host in 10 s)',
        },
      ]);
    } finally {
      await run.remove();
    }
  });
});
