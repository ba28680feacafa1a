/**
 * A run folder whose launcher died before its manifest (run-folder/launcher-died-run.ts): read from its start record
 * and its rows, by every reader through readRunManifest, and checked with what cannot be judged said once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { formatCheck } from '../../analysis/format-check.js';
import { claimFileName } from '../../run-folder/claim-file.js';
import { faultLogColumns, faultLogFileName } from '../../run-folder/faults-csv.js';
import { readLauncherDiedRun, unjudgedWithoutManifest } from '../../run-folder/launcher-died-run.js';
import { rowsOnHostLines } from '../../run-folder/rows-on-host.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import type { RunStart } from '../../run-folder/run-start.js';

/** A pid no process holds: one that ran and ended. */
const deadPid = spawnSync('true').pid as number;

/** A 2-VM, 5 s run at 2 and 4 ticks/s, as a launcher (pid `launcherPid`) records its start. */
function startRecord(changes: Partial<RunStart> = {}): RunStart {
  return {
    runId: '20270115-080000-0123456789ab',
    seed: 7,
    config: {
      machines: 2,
      clockRates: [2, 4],
      eventRange: 10,
      durationSeconds: 5,
      speed: 1,
      network: { host: '127.0.0.1', basePort: 0 },
      faults: {
        ...{ links: [], partitions: [], pauses: [] },
        kills: [{ vm: 1, atSecond: 4, restartAfterSeconds: 0.5, clock: 'reset' }],
      },
    },
    clockRates: [2, 4],
    speed: 1,
    startedAt: '2027-01-15T08:00:00.000Z',
    version: '0.1.0',
    startEpochMs: 1_800_000_000_000,
    stopEpochMs: 1_800_000_005_000,
    launcherPid: deadPid,
    vms: [
      { id: 0, clockRate: 2, port: 5000, pid: 101 },
      { id: 1, clockRate: 4, port: 5001, pid: 102 },
    ],
    ...changes,
  };
}

const header = 'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock';
/** VM 0 sends 0-1 (received by VM 1) and then 0-2, which no row receives; both stop near 1 s. */
const rows = {
  0: [
    '0,0,send,2027-01-15T08:00:00.000Z,0.300,1,1,0,1,0-1,1',
    '0,1,send,2027-01-15T08:00:00.500Z,500.300,2,1,0,1,0-2,2',
    '0,2,internal,2027-01-15T08:00:01.000Z,1000.300,3,1,0,,,',
  ],
  1: [
    '1,0,internal,2027-01-15T08:00:00.000Z,0.200,1,1,0,,,',
    '1,1,receive,2027-01-15T08:00:00.250Z,250.200,2,1,0,0,0-1,1',
    '1,2,internal,2027-01-15T08:00:00.500Z,500.200,3,1,1,,,',
  ],
};

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-launcher-died-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The folder a launcher SIGKILLed 1 s into the run leaves: its claim, the rows, the start record. */
async function leftByDeadLauncher(record: unknown = startRecord(), claim: string | null = `${deadPid}\n`) {
  if (claim !== null) await writeFile(join(dir, claimFileName), claim);
  await writeFile(join(dir, 'run-start.json'), typeof record === 'string' ? record : JSON.stringify(record));
  for (const [vm, lines] of Object.entries(rows))
    await writeFile(join(dir, `vm-${vm}.csv`), `${header}\n${lines.join('\n')}\n`);
}

describe('a start record and no manifest', () => {
  test('its launcher dead: a failed run naming the death, each VM unrecorded, the config faults kept', async () => {
    await leftByDeadLauncher();
    const read = await readRunManifest(dir);
    if (!read.ok) throw new Error(read.detail);
    const { facts } = read;
    expect(facts).toMatchObject({
      status: 'failed',
      reason: `its launcher (pid ${deadPid}) died before writing the manifest`,
      machines: 2,
      durationSeconds: 5,
      clockRates: [2, 4],
      launcherDied: { pid: deadPid, unjudged: unjudgedWithoutManifest(2, [0, 1], [0, 1]) },
      kills: [
        { kills: 0, restarts: [] },
        { kills: 1, restarts: ['reset'] },
      ],
    });
    expect(facts.stoppedAtMs).toBeUndefined();
    expect(facts.endElapsedMs).toBeUndefined();
    for (const vm of facts.vms) {
      expect(vm).toMatchObject({ exit: `not recorded (launcher pid ${deadPid} died)`, pendingAtStop: [], dropped: [] });
      // No stop and no figures recorded: its ticks are due to its last row, and manifest-figures has nothing to hold.
      expect(vm.stopElapsedMs).toBeUndefined();
      expect(vm.figures).toBeUndefined();
    }
  });

  test('no claim (released by a launcher whose manifest could not be written, or removed): it ended, not died', async () => {
    await leftByDeadLauncher(startRecord(), null);
    const read = await readRunManifest(dir);
    expect(read).toMatchObject({
      ok: true,
      facts: {
        status: 'failed',
        reason: `its launcher (pid ${deadPid}) ended without writing the manifest`,
        launcherDied: { pid: deadPid, how: 'ended' },
      },
    });
    expect(read.ok && read.facts.vms[0]?.exit).toBe(`not recorded (launcher pid ${deadPid} wrote no manifest)`);
    expect(formatCheck(await checkRun(dir))[1]).toMatch(
      new RegExp(
        `^no manifest: no manifest.json: its launcher \\(pid ${deadPid}\\) ended without writing it \\(its write failed, or its claim was removed\\), so the run is read`,
      ),
    );
  });

  test("its launcher still running: the claim's answer stays; a record's live pid without a claim ended", async () => {
    await leftByDeadLauncher(startRecord(), `${process.pid}\n`);
    const claimed = await readRunManifest(dir);
    expect(claimed).toMatchObject({ ok: false, problem: 'manifest-missing' });
    expect(!claimed.ok && claimed.detail).toBe(
      `no such file yet: launcher pid ${process.pid} is still writing this folder (its claim: ${join(dir, claimFileName)}); try again when it ends`,
    );
    // A claim naming no pid counts as held: the record's live launcher is still writing.
    await writeFile(join(dir, claimFileName), '');
    await writeFile(join(dir, 'run-start.json'), JSON.stringify(startRecord({ launcherPid: process.pid })));
    const unnamed = await readRunManifest(dir);
    expect(!unnamed.ok && unnamed.detail).toBe(
      `no such file yet: launcher pid ${process.pid} is still writing this folder (its start record: ${join(dir, 'run-start.json')}); try again when it ends`,
    );
    // No claim: released (an experiment whose trial's manifest could not be written runs on under that pid), so no
    // launcher writes the folder. It read as `still writing`.
    await rm(join(dir, claimFileName));
    expect(await readRunManifest(dir)).toMatchObject({
      ok: true,
      facts: {
        reason: `its launcher (pid ${process.pid}) ended without writing the manifest`,
        launcherDied: { how: 'ended' },
      },
    });
  });

  test("its claim's pid dead, the record's pid alive (freed and taken by another process): the run is read", async () => {
    await leftByDeadLauncher(startRecord({ launcherPid: process.pid }));
    expect(await readRunManifest(dir)).toMatchObject({ ok: true, facts: { status: 'failed' } });
  });

  test('the liveness test is passed in: a claim held by a live pid leaves the folder to the caller', async () => {
    await leftByDeadLauncher();
    expect(await readLauncherDiedRun(dir, () => true)).toBeNull();
    expect(await readLauncherDiedRun(dir, () => false)).toMatchObject({ ok: true });
  });

  test('a malformed or planted start record: one line naming it, a problem of its own', async () => {
    await leftByDeadLauncher('{"runId": "x",');
    const cut = await readRunManifest(dir);
    expect(cut).toMatchObject({ ok: false, problem: 'run-start-invalid', file: join(dir, 'run-start.json') });
    expect(!cut.ok && cut.detail).toMatch(/^not valid JSON: /);
    const oneVm = startRecord();
    await writeFile(join(dir, 'run-start.json'), JSON.stringify({ ...oneVm, vms: oneVm.vms.slice(0, 1) }));
    const short = await readRunManifest(dir);
    expect(!short.ok && short.detail).toBe('vms: found ids 0; allowed: 0..1 in order (machines 2)');
    expect(formatCheck(await checkRun(dir))).toEqual([
      `unreadable: ${join(dir, 'run-start.json')}: vms: found ids 0; allowed: 0..1 in order (machines 2)`,
    ]);
    await rm(join(dir, 'run-start.json'));
    execFileSync('mkfifo', [join(dir, 'run-start.json')]);
    expect(await readRunManifest(dir)).toMatchObject({ ok: false, problem: 'not-a-file' });
  });

  test('hand-edited fields a launcher never writes: a rate out of step with its VM, a pid below 1, a start at 0', async () => {
    const said = async (record: RunStart) => {
      await writeFile(join(dir, 'run-start.json'), JSON.stringify(record));
      const read = await readRunManifest(dir);
      return !read.ok && read.detail;
    };
    await leftByDeadLauncher();
    // Checked once with 29999999000 ticks expected of VM 1 (`clockRates: [5, 8, 1e9]` beside VMs at 5, 8, 10).
    expect(await said(startRecord({ clockRates: [2, 1e9] }))).toBe(
      'vms[1].clockRate: found 4; allowed: clockRates[1] x speed (1000000000)',
    );
    const vms = startRecord().vms.map((vm) => ({ ...vm, pid: -3 }));
    expect(await said(startRecord({ vms }))).toMatch(/^vms\[0\]\.pid: /);
    expect(await said(startRecord({ startEpochMs: -5 }))).toMatch(/^startEpochMs: /);
  });

  test("another run's start record beside the rows (copied or planted): one line naming both starts", async () => {
    // The same config an hour later: only its start tells it from the rows' own run.
    const hourLater = startRecord({ startEpochMs: 1_800_003_600_000, stopEpochMs: 1_800_003_605_000 });
    await leftByDeadLauncher(hourLater);
    const read = await readRunManifest(dir);
    expect(read).toMatchObject({ ok: false, problem: 'run-start-invalid', file: join(dir, 'run-start.json') });
    expect(!read.ok && read.detail).toBe(
      "startEpochMs: found 2027-01-15T09:00:00.000Z, the start of another run than its rows': vm-0.csv's first row (line 2) is of a run started at 2027-01-15T07:59:59.999Z (its system_time less its elapsed_ms)",
    );
    // A remote VM's system_time is its host's clock: it tells nothing, and a start within a second is the same run.
    const remote = { host: 'h2', hostFile: '/tmp/vm.csv' };
    await writeFile(
      join(dir, 'run-start.json'),
      JSON.stringify({ ...hourLater, vms: hourLater.vms.map((vm) => ({ ...vm, ...remote })) }),
    );
    expect(await readRunManifest(dir)).toMatchObject({ ok: true });
    await writeFile(join(dir, 'run-start.json'), JSON.stringify(startRecord({ startEpochMs: 1_800_000_000_900 })));
    expect(await readRunManifest(dir)).toMatchObject({ ok: true });
  });

  test('no start record: as before, the launcher was interrupted before writing the manifest', async () => {
    await leftByDeadLauncher();
    await rm(join(dir, 'run-start.json'));
    const read = await readRunManifest(dir);
    expect(!read.ok && read.detail).toMatch(new RegExp(`^no such file: launcher pid ${deadPid} was interrupted`));
  });
});

/** The end records the rows above bear out, each VM's figures changed by `changes`. */
async function writeEndRecords(changes: Record<number, object>, runId = startRecord().runId): Promise<void> {
  const figures = [
    { id: 0, clockRate: 2, port: 5000, ticks: 3, sent: 2, received: 0, finalClock: 3, maxJump: 1, maxQueue: 0 },
    { id: 1, clockRate: 4, port: 5001, ticks: 3, sent: 0, received: 1, finalClock: 3, maxJump: 1, maxQueue: 1 },
  ];
  for (const stats of figures) {
    // Each stopped just after its last row: VM 0's at 1000.3 ms, VM 1's at 500.2 ms.
    const stopEpochMs = startRecord().startEpochMs + (stats.id === 0 ? 1100 : 600);
    const record = { runId, stopEpochMs, stats: { ...stats, stoppedEarly: true, ...changes[stats.id] } };
    await writeFile(join(dir, `vm-${stats.id}.end.json`), JSON.stringify(record));
  }
}

describe('reading it', () => {
  test('check judges the rows, says once what it cannot judge, and takes no unreceived copy for a violation', async () => {
    await leftByDeadLauncher();
    const result = await checkRun(dir);
    expect(result).toMatchObject({ ok: true, rows: 6, messages: 2 });
    const lines = formatCheck(result);
    expect(lines[0]).toBe(`valid: ${dir} (6 rows, 2 messages)`);
    expect(lines[1]).toBe(
      `launcher died: no manifest.json: its launcher (pid ${deadPid}) died before writing it, so the run is read from run-start.json and the rows; not judged: ${unjudgedWithoutManifest(2, [0, 1], [0, 1]).join('; ')}`,
    );
    // 0-2 is neither received, pending nor dropped: without a manifest, not a finding and not a note.
    expect(lines.join('\n')).not.toMatch(/0-2|neither received/);
  });

  test("each VM's own end record accounts for its copies: a copy that is nowhere is a violation again", async () => {
    await leftByDeadLauncher();
    await writeEndRecords({ 1: { pendingAtStop: [] } });
    // The launcher logged no kill before it died (VM 1's is due at 4 s): no copy was lost with one.
    await writeFile(join(dir, faultLogFileName), `${faultLogColumns.join(',')}\n`);
    const result = await checkRun(dir);
    expect(result).toMatchObject({ ok: false, reason: 'violations' });
    expect(!result.ok && result.reason === 'violations' && result.countsByRule['exactly-once']).toBe(1);
    // Listed as pending at VM 1's stop, it is accounted for; and only the status and the end are left unjudged.
    await writeEndRecords({ 1: { pendingAtStop: ['0-2'] } });
    const valid = await checkRun(dir);
    expect(valid).toMatchObject({ ok: true, rows: 6, messages: 2 });
    const died = formatCheck(valid)[1] ?? '';
    expect(died).toMatch(/not judged: the run's status \(manifest-status\); rows after the launcher's end/);
    const analysis = await analyzeRun(dir);
    // Each VM's ticks due count to the stop its record holds: every one of them ran.
    const vms = analysis.ok ? analysis.analysis.vms : [];
    expect(vms.map((vm) => [vm.exit, vm.messages.pendingAtStop, vm.ticks.stopMs, vm.ticks.due])).toEqual([
      ['done', 0, 1100, 3],
      ['done', 1, 600, 3],
    ]);
  });

  test('a VM an injected kill took down before the death ended by that kill, not at the death', async () => {
    await leftByDeadLauncher();
    await writeFile(join(dir, faultLogFileName), `${faultLogColumns.join(',')}\n700,0.7,kill,1,,no restart,700\n`);
    const read = await readLauncherDiedRun(dir);
    expect(read?.ok && read.facts.vms.map((vm) => vm.exit)).toEqual([
      `not recorded (launcher pid ${deadPid} died)`,
      'killed (injected fault)',
    ]);
  });

  test("a row past the stop a VM's end record holds is one no VM wrote (after-stop)", async () => {
    await leftByDeadLauncher();
    await writeEndRecords({ 1: { pendingAtStop: ['0-2'], ticks: 4, finalClock: 4 } });
    // VM 1 (4/s) stopped at 600 ms: tick 3, due at 750 ms, was never due before it.
    const extra = '1,3,internal,2027-01-15T08:00:00.750Z,750.200,4,1,0,,,';
    await writeFile(join(dir, 'vm-1.csv'), `${header}\n${[...rows[1], extra].join('\n')}\n`);
    const result = await checkRun(dir);
    expect(!result.ok && result.reason === 'violations' && result.violations.map((v) => [v.rule, v.expected])).toEqual([
      ['after-stop', "a tick due before VM 1's stop at 600 ms (stopEpochMs in vm-1.end.json)"],
    ]);
    // Without the records no VM's stop is known: the row is within the planned 5 s, and the line says so.
    await rm(join(dir, 'vm-0.end.json'));
    await rm(join(dir, 'vm-1.end.json'));
    const unknown = await checkRun(dir);
    expect(unknown).toMatchObject({ ok: true });
    expect(formatCheck(unknown)[1]).toMatch(/after-stop holds the rows to the planned end only\)$/);
  });

  test("a VM's end record is held to its rows, and one that is not this run's is refused", async () => {
    await leftByDeadLauncher();
    await writeEndRecords({ 1: { pendingAtStop: ['0-2'], received: 2 } });
    const result = await checkRun(dir);
    expect(!result.ok && result.reason === 'violations' && result.countsByRule['manifest-figures']).toBe(1);
    expect(formatCheck(result).join('\n')).toMatch(/received 2 in vm-1\.end\.json/);
    // Only VM 0's: VM 1's copies are not judged, and the line names it.
    await rm(join(dir, 'vm-1.end.json'));
    const one = formatCheck(await checkRun(dir)).join('\n');
    expect(one).toMatch(/the accounting of copies pending or dropped at the stop of VM 1 \(/);
    // A key no VM writes: refused, naming the file's own keys (not the config schema's).
    await writeFile(
      join(dir, 'vm-1.end.json'),
      JSON.stringify({ runId: startRecord().runId, stopEpochMs: 1, stats: {}, extra: 1 }),
    );
    const extra = await readRunManifest(dir);
    expect(!extra.ok && extra.detail).toMatch(
      /\(top level\): unknown key "extra"; allowed: only the keys clocklab writes in vm-1\.end\.json/,
    );
    await writeEndRecords({ 1: { pendingAtStop: ['0-2'] } }, 'another-run');
    const read = await readRunManifest(dir);
    expect(read).toMatchObject({ ok: false, problem: 'vm-end-record-invalid', file: join(dir, 'vm-0.end.json') });
    expect(!read.ok && read.detail).toMatch(/^runId: found another-run, another run's than /);
    // A stop past the run's planned stop (5 s) is none a VM ran to: read, VM 0's ticks were due to the planned end.
    await writeEndRecords({});
    const record = JSON.parse(await readFile(join(dir, 'vm-0.end.json'), 'utf8'));
    await writeFile(join(dir, 'vm-0.end.json'), JSON.stringify({ ...record, stopEpochMs: 1_800_000_060_000 }));
    const late = await readRunManifest(dir);
    expect(late).toMatchObject({ ok: false, problem: 'vm-end-record-invalid', file: join(dir, 'vm-0.end.json') });
    expect(!late.ok && late.detail).toBe(
      'stopEpochMs: found 60000 ms into the run, past its planned stop at 5000 ms: no VM runs past it',
    );
  });

  test("a rule across VMs still fails the check: a receive whose carried clock is not its send's", async () => {
    await leftByDeadLauncher();
    const edited = rows[1].map((row) => row.replace(',0-1,1', ',0-1,5'));
    await writeFile(join(dir, 'vm-1.csv'), `${header}\n${edited.join('\n')}\n`);
    const result = await checkRun(dir);
    expect(result).toMatchObject({ ok: false, reason: 'violations' });
    expect(!result.ok && result.reason === 'violations' && result.countsByRule['carried-clock']).toBe(1);
  });

  test("analyze counts each VM's ticks due up to its own last row, and says the launcher died", async () => {
    await leftByDeadLauncher();
    const analyzed = await analyzeRun(dir);
    if (!analyzed.ok) throw new Error(analyzed.detail);
    const { analysis } = analyzed;
    expect(analysis).toMatchObject({ status: 'failed', dueToOwnStops: true, launcherDied: { pid: deadPid } });
    // VM 0 at 2/s, last row at 1000.3 ms: deadlines 0, 500 and 1000 ms; VM 1 at 4/s, last at 500.2 ms: 0..500 ms.
    expect(analysis.vms.map((vm) => [vm.ticks.due, vm.ticks.logged, vm.ticks.stopMs])).toEqual([
      [3, 3, null],
      [3, 3, null],
    ]);
  });
});

describe('several hosts', () => {
  test('a remote VM: its rows past what the run folder holds stay in its file on its host, said by host', async () => {
    const record = startRecord();
    const remote = { host: 'h2', hostFile: '/home/lab/clocklab/logs/.remote-x/vm-1.csv' };
    await leftByDeadLauncher({ ...record, vms: [record.vms[0], { ...record.vms[1], ...remote }] });
    const read = await readRunManifest(dir);
    if (!read.ok) throw new Error(read.detail);
    const [local, onHost] = read.facts.vms;
    expect(local?.host).toBeUndefined();
    expect(local?.rowsOnHost).toBeUndefined();
    const bytes = Buffer.byteLength(`${header}\n${rows[1].join('\n')}\n`);
    expect(onHost).toMatchObject({ host: 'h2', rowsOnHost: { host: 'h2', fromByte: bytes, ifAny: true } });
    expect(rowsOnHostLines(onHost ?? { id: 1 })).toEqual([
      `VM 1: its rows from byte ${bytes} of its CSV, if any, are not in the run folder: they stay on host h2 in ${remote.hostFile} (its launcher (pid ${deadPid}) died before they were relayed)`,
    ]);
    const check = formatCheck(await checkRun(dir));
    expect(check).toContain(`note: ${rowsOnHostLines(onHost ?? { id: 1 })[0]}`);
  });
});
