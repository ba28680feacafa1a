import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { exportCommand } from '../../export/export-run.js';
import { exportShiviz } from '../../export/export-shiviz.js';
import { fixtureRun } from '../analysis/fixture-runs.js';
import { parseShiviz, shivizProblems } from './shiviz-rules.js';

async function exported(dir: string) {
  let text = '';
  const outcome = await exportShiviz(dir, (chunk) => {
    text += chunk;
    return true;
  });
  return { outcome, text };
}

async function command(dir: string, options: { format: string; out?: string }) {
  let stdout = '';
  const messages: string[] = [];
  const code = await exportCommand(dir, options, {
    stdout: {
      write: (text) => {
        stdout += text;
        return true;
      },
      drained: async () => {},
      flushed: async () => 'flushed' as const,
    },
    message: (line) => messages.push(line),
  });
  return { code, stdout, messages };
}

const regexLine =
  '(?<host>\\S+) (?<clock>\\{[^}]*\\}) lamport=(?<lamport>\\d+) wall_ms=(?<wall_ms>\\d+) queue=(?<queue>\\d+) (?<event>.*)';

/** The vectors fixture (basic with the vector_clock column), exported: each VM's rows in file order. */
const vectorsLog = [
  regexLine,
  '',
  'vm0 {"vm0":1} lamport=1 wall_ms=1 queue=0 internal',
  'vm0 {"vm0":2,"vm1":1} lamport=2 wall_ms=201 queue=0 recv from=vm1 msg=1-1',
  'vm0 {"vm0":3,"vm1":1} lamport=3 wall_ms=401 queue=0 send to=vm1 msg=0-1',
  'vm0 {"vm0":4,"vm1":1} lamport=4 wall_ms=601 queue=0 send to=vm1 msg=0-2',
  'vm0 {"vm0":5,"vm1":1} lamport=5 wall_ms=801 queue=0 send to=vm1 msg=0-3',
  'vm0 {"vm0":6,"vm1":1} lamport=6 wall_ms=1001 queue=0 internal',
  'vm0 {"vm0":7,"vm1":1} lamport=7 wall_ms=1201 queue=0 internal',
  'vm0 {"vm0":8,"vm1":1} lamport=8 wall_ms=1401 queue=0 send to=vm1 msg=0-4',
  'vm0 {"vm0":9,"vm1":1} lamport=9 wall_ms=1601 queue=0 internal',
  'vm0 {"vm0":10,"vm1":1} lamport=10 wall_ms=1801 queue=0 send to=vm1 msg=0-5',
  'vm1 {"vm1":1} lamport=1 wall_ms=1 queue=0 send to=vm0 msg=1-1',
  'vm1 {"vm0":3,"vm1":2} lamport=4 wall_ms=501 queue=0 recv from=vm0 msg=0-1',
  'vm1 {"vm0":4,"vm1":3} lamport=5 wall_ms=1001 queue=1 recv from=vm0 msg=0-2',
  'vm1 {"vm0":5,"vm1":4} lamport=6 wall_ms=1501 queue=1 recv from=vm0 msg=0-3',
  '',
].join('\n');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clocklab-export-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of a fixture whose files `edit` may change. */
async function copyOf(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(scratch, `${name}-${(await readdir(scratch)).length}`);
  await cp(fixtureRun(name), dir, { recursive: true });
  await edit(dir);
  return dir;
}

/**
 * VM 1 killed before its first row, as its manifest entry then says (no tick, nothing sent, received or pending):
 * a run that check accepts, whose VM 0 names events VM 1 never logged.
 */
async function killedBeforeItsFirstRow(d: string, csv: string | null): Promise<void> {
  if (csv === null) {
    const text = await readFile(join(d, 'vm-1.csv'), 'utf8');
    await writeFile(join(d, 'vm-1.csv'), `${text.split('\n')[0]}\n`);
  } else await writeFile(join(d, 'vm-1.csv'), csv);
  const file = join(d, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { vms: Record<string, unknown>[] };
  const vm1 = { ticks: 0, sent: 0, received: 0, finalClock: 0, maxJump: 0, maxQueue: 0 };
  const ended = { pendingAtStop: [], exit: 'killed by SIGKILL' };
  manifest.vms = manifest.vms.map((vm) => (vm.id === 1 ? { ...vm, ...vm1, ...ended, stoppedEarly: true } : vm));
  const reason = 'VM 1 was killed by SIGKILL before the run ended';
  await writeFile(file, JSON.stringify({ ...manifest, status: 'failed', reason }));
}

/** The export of a fixture run whole: both VMs' 14 events, no entry lowered. */
const wholeOutcome = (vectors: 'logged' | 'replayed') => {
  return { ok: true, hosts: 2, events: 14, clampedEntries: 0, clampedOf: [], vectors, fails: null };
};

/** The export of a run killed as killedBeforeItsFirstRow makes it: VM 0's 9 entries for VM 1 are lowered. */
const vm1KilledOutcome = {
  ok: true,
  hosts: 1,
  events: 10,
  clampedEntries: 9,
  clampedOf: [{ vm: 1, entries: 9, onHost: null }],
  vectors: 'logged',
  fails: null,
};

describe('exportShiviz on a run with the vector_clock column', () => {
  test('the vectors fixture, line for line', async () => {
    const { outcome, text } = await exported(fixtureRun('vectors'));
    expect(outcome).toEqual(wholeOutcome('logged'));
    expect(text).toBe(vectorsLog);
  });

  test("keeps ShiViz's rules, read the way ShiViz reads the file", async () => {
    const parsed = parseShiviz((await exported(fixtureRun('vectors'))).text);
    expect(parsed.regex).toBe(regexLine);
    expect(parsed.delimiter).toBe('');
    expect(parsed.events).toHaveLength(14);
    expect(parsed.lines).toBe(14);
    expect(shivizProblems(parsed.events)).toEqual([]);
    expect(parsed.events[1]).toMatchObject({
      line: 4,
      host: 'vm0',
      clock: { vm0: 2, vm1: 1 },
      event: 'recv from=vm1 msg=1-1',
      fields: { lamport: '2', wall_ms: '201', queue: '0' },
    });
  });

  test.each([
    [
      'an own entry skipped',
      'vm0 {"vm0":6,"vm1":1}',
      'vm0 {"vm0":7,"vm1":1}',
      ['host vm0: own entry 7 where 6 was due'],
    ],
    [
      'a host missing from its own clock',
      'vm1 {"vm1":1} lamport=1',
      'vm1 {} lamport=1',
      ['line 13: local host "vm1" missing from its clock', 'host vm1: own entry 0 where 1 was due'],
    ],
    [
      'an entry naming an event not in the log',
      'vm1 {"vm0":5,"vm1":4}',
      'vm1 {"vm0":11,"vm1":4}',
      ['line 16: entry vm0=11 names no event (vm0 has 10)'],
    ],
    [
      'a receive that does not dominate its send',
      'vm1 {"vm0":4,"vm1":3}',
      'vm1 {"vm0":3,"vm1":3}',
      ['line 15: receive {"vm0":3,"vm1":3} does not dominate its send {"vm0":4,"vm1":1}'],
    ],
  ])('the rule checker finds %s', (_, from, to, problems) => {
    const broken = vectorsLog.replace(from, to);
    expect(broken).not.toBe(vectorsLog);
    expect(shivizProblems(parseShiviz(broken).events)).toEqual(problems);
  });

  test('a clock entry past the last row its VM logged (lost with a killed VM) is lowered to that row', async () => {
    // VM 1's CSV keeps only its header: VM 0's entries for VM 1 name an event that is not in the log.
    const dir = await copyOf('vectors', (d) => killedBeforeItsFirstRow(d, null));
    const { outcome, text } = await exported(dir);
    expect(outcome).toEqual(vm1KilledOutcome);
    expect(text.split('\n')[3]).toBe('vm0 {"vm0":2} lamport=2 wall_ms=201 queue=0 recv from=vm1 msg=1-1');
    expect(shivizProblems(parseShiviz(text).events)).toEqual([]);
  });

  test("rows kept on a VM's host, its next life numbered past them: renumbered as logged, the kept event's entry lowered", async () => {
    const { outcome, text } = await exported(fixtureRun('kept-rows'));
    // VM 0's three rows that heard of VM 1's kept send (its entry 5) name VM 1's last event before it (4).
    expect(outcome).toEqual({
      ok: true,
      hosts: 2,
      events: 17,
      clampedEntries: 3,
      clampedOf: [{ vm: 1, entries: 3, onHost: { host: 'h2', field: 'earlierRowsOnHost' } }],
      vectors: 'logged',
      fails: null,
    });
    const lines = text.split('\n');
    expect(lines).toContain('vm0 {"vm0":6,"vm1":4} lamport=6 wall_ms=1001 queue=0 recv from=vm1 msg=1-2');
    expect(lines).toContain('vm1 {"vm0":2,"vm1":5} lamport=5 wall_ms=1401 queue=0 send to=vm0 msg=1-8');
    expect(lines).toContain('vm0 {"vm0":9,"vm1":5} lamport=9 wall_ms=1601 queue=0 recv from=vm1 msg=1-8');
    expect(shivizProblems(parseShiviz(text).events)).toEqual([]);
  });

  test('an empty (0-byte) CSV is read as a header-only one: the others keep their logged vectors', async () => {
    const headerOnly = await copyOf('vectors', (d) => killedBeforeItsFirstRow(d, null));
    const empty = await copyOf('vectors', (d) => killedBeforeItsFirstRow(d, ''));
    const { outcome, text } = await exported(empty);
    expect(outcome).toEqual(vm1KilledOutcome);
    expect(text).toBe((await exported(headerOnly)).text);
  });
});

describe('exportShiviz on a run from before vector clocks', () => {
  test('computes the vectors by replaying the messages: those of the vectors fixture, in causal order', async () => {
    const { outcome, text } = await exported(fixtureRun('basic'));
    expect(outcome).toEqual(wholeOutcome('replayed'));
    const lines = text.split('\n');
    // VM 0 stops at its receive of 1-1 until VM 1 has sent it; VM 1 stops at 0-1 until VM 0 has sent that.
    expect(lines.slice(2, 5)).toEqual([
      'vm0 {"vm0":1} lamport=1 wall_ms=1 queue=0 internal',
      'vm1 {"vm1":1} lamport=1 wall_ms=1 queue=0 send to=vm0 msg=1-1',
      'vm0 {"vm0":2,"vm1":1} lamport=2 wall_ms=201 queue=0 recv from=vm1 msg=1-1',
    ]);
    expect([...lines].sort()).toEqual(vectorsLog.split('\n').sort());
    expect(shivizProblems(parseShiviz(text).events)).toEqual([]);
  });

  test('a causal cycle in the logs cannot be replayed', async () => {
    // vector-order without its vector column: each VM receives a message whose send comes after its own send.
    const dir = await copyOf('vector-order', async (d) => {
      for (const vm of [0, 1]) {
        const file = join(d, `vm-${vm}.csv`);
        const lines = (await readFile(file, 'utf8')).split('\n');
        await writeFile(file, lines.map((line) => line.replace(/,(vector_clock|"\{.*\}")$/, '')).join('\n'));
      }
    });
    const { outcome } = await exported(dir);
    expect(outcome).toMatchObject({ ok: false, reason: 'not-exportable', line: 2 });
    if (!outcome.ok && outcome.reason === 'not-exportable') {
      expect(outcome.detail).toBe('the receive of 1-1 waits on its send, which waits on it (a causal cycle)');
    }
  });
});

describe('exportCommand', () => {
  test('standard output by default; what it did goes to the message stream', async () => {
    const { code, stdout, messages } = await command(fixtureRun('vectors'), { format: 'shiviz' });
    expect(code).toBe(0);
    expect(stdout).toBe(vectorsLog);
    expect(messages).toEqual(['exported 14 events of 2 hosts to standard output; vector clocks as logged']);
  });

  test('--out writes the file (and nothing beside it)', async () => {
    const out = join(scratch, 'out', 'run.shiviz');
    await rm(join(scratch, 'out'), { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(scratch, 'out'));
    const { code, stdout, messages } = await command(fixtureRun('vectors'), { format: 'shiviz', out });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(await readFile(out, 'utf8')).toBe(vectorsLog);
    expect(await readdir(join(scratch, 'out'))).toEqual(['run.shiviz']);
    expect(messages[0]).toBe(`exported 14 events of 2 hosts to ${out}; vector clocks as logged`);
  });

  test('an unknown format names the allowed ones: exit 2', async () => {
    expect(await command(fixtureRun('vectors'), { format: 'dot' })).toEqual({
      code: 2,
      stdout: '',
      messages: ["unknown format 'dot'; allowed: shiviz"],
    });
  });

  test('a folder that is not a run, or an output that cannot be written: exit 2, one line', async () => {
    const missing = await command(fixtureRun('no-such-run'), { format: 'shiviz' });
    expect(missing.code).toBe(2);
    expect(missing.messages).toEqual([`unreadable: ${fixtureRun('no-such-run')}: no such folder`]);
    const nowhere = await command(fixtureRun('vectors'), { format: 'shiviz', out: join(scratch, 'no', 'dir', 'x') });
    expect(nowhere.code).toBe(2);
    expect(nowhere.messages).toEqual([
      `cannot write ${join(scratch, 'no', 'dir', 'x')} (ENOENT: its folder does not exist)`,
    ]);
  });

  test('a run whose own entries skip a value breaks ShiViz: exit 1, naming the row; no file is left', async () => {
    const out = join(scratch, 'own.shiviz');
    const { code, messages } = await command(fixtureRun('vector-own'), { format: 'shiviz', out });
    expect(code).toBe(1);
    expect(messages).toEqual([
      `not exportable: ${join(fixtureRun('vector-own'), 'vm-0.csv')} line 7: own vector entry 7 after 5; ShiViz needs 1, 2, 3, ... (see launcher check)`,
    ]);
    expect((await readdir(scratch)).filter((name) => name.startsWith('own.shiviz'))).toEqual([]);
  });

  test.each([
    [
      'a logical_clock past 2^53 - 1',
      ',4,3,0,0,0-1,3,',
      ',99999999999999999999999,3,0,0,0-1,3,',
      /logical_clock '9{23}'/,
    ],
    ['an elapsed_ms of 1e308', ',500.700,4,', ',1e308,4,', /elapsed_ms '1e308'/],
  ])('%s (no line ShiViz reads) is not exported: exit 1, naming the row', async (_, from, to, found) => {
    const dir = await copyOf('vectors', async (d) => {
      const text = await readFile(join(d, 'vm-1.csv'), 'utf8');
      expect(text).toContain(from);
      await writeFile(join(d, 'vm-1.csv'), text.replace(from, to));
    });
    const { code, stdout, messages } = await command(dir, { format: 'shiviz' });
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/e\+/);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      new RegExp(`^not exportable: .*vm-1\\.csv line 3: found ${found.source}[^;]*; expected `),
    );
  });

  test('a clamped entry is reported as a note', async () => {
    const dir = await copyOf('vectors', (d) => killedBeforeItsFirstRow(d, null));
    const { code, messages } = await command(dir, { format: 'shiviz' });
    expect(code).toBe(0);
    // VM 1 logged no event: one host, and a count of one reads as one.
    expect(messages[0]).toMatch(/^exported 10 events of 1 host to /);
    expect(messages[1]).toMatch(/^note: 9 vector entries named events their VM never logged/);
  });

  test('entries naming events whose rows stay on a lost host: the note names that host, not a killed VM', async () => {
    const dir = await copyOf('vectors', async (d) => {
      await killedBeforeItsFirstRow(d, null);
      // As a run whose host h2 was lost with VM 1 and did not answer at the end records it.
      const file = join(d, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as { vms: Record<string, unknown>[] };
      const where = { host: 'h2', file: '/opt/clocklab/logs/.remote-r/vm-1.csv', fromByte: 0, why: 'x', ifAny: true };
      manifest.vms = manifest.vms.map((vm) =>
        vm.id === 1 ? { ...vm, exit: 'lost: host h2 (root@h2) became unreachable (x)', rowsOnHost: where } : vm,
      );
      await writeFile(file, JSON.stringify(manifest));
    });
    const { messages } = await command(dir, { format: 'shiviz' });
    expect(messages.at(-1)).toBe(
      "note: 9 vector entries named events missing from the run folder: 9 of VM 1, whose rows not in the run folder stay on host h2 (the manifest's rowsOnHost); each now names that VM's last logged event",
    );
  });

  test.each([
    ['vectors', 'as logged'],
    ['basic', 'replayed'],
  ])('%s with a row check rejects: the log written whole, one line first, exit 5', async (name) => {
    // VM 0's last row (tick 9, a send of 0-5 still pending at VM 1) stamped long after the run's end.
    const dir = await copyOf(name, async (d) => {
      const text = await readFile(join(d, 'vm-0.csv'), 'utf8');
      expect(text).toContain(',1800.500,');
      await writeFile(join(d, 'vm-0.csv'), text.replace(',1800.500,', ',999999999.000,'));
    });
    const { code, stdout, messages } = await command(dir, { format: 'shiviz' });
    expect(code).toBe(5);
    expect(stdout.split('\n')).toHaveLength(vectorsLog.split('\n').length);
    expect(messages).toEqual([
      'log from a folder that fails check: 1 violation, first: tick-time: vm-0.csv tick 9 (line 11): found ' +
        "elapsed_ms 999999999 for tick 9; expected at most 2008.003 ms, the run's end at 2005 ms (the manifest's " +
        `endedAt - startEpochMs) + 3.002 ms between clocks (launcher check ${dir} for all; the rules across VMs were not run here)`,
      expect.stringMatching(/^exported 14 events of 2 hosts to standard output; /),
    ]);
  });
});
