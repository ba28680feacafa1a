/**
 * A launcher SIGKILLed mid-run writes no manifest: its VMs see their channel close and stop, and the folder keeps
 * the rows, the claim and the start record (run-start.json). analyze, check, report and export read it from those:
 * each used to say `unreadable: ...manifest.json: no such file: launcher pid N was interrupted before writing it`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { launcher, readCsv, tempDir, waitForPath, waitForRows, waitUntilGone } from './cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
let config: string;
beforeAll(async () => {
  dir = await tempDir();
  config = join(dir.path, 'three.json');
  await writeFile(config, JSON.stringify({ machines: 3, clockRates: [5, 8, 10], durationSeconds: 30, seed: 4 }));
});
afterAll(() => dir.remove());

/** The ticks due before a stop at `stopMs` (deadlines k x 1000 / rate before it). */
const dueBefore = (rate: number, stopMs: number): number => Math.ceil((stopMs * rate) / 1000);

test('a launcher SIGKILLed mid-run: analyze and check read its rows from run-start.json, report and export work', async () => {
  const out = join(dir.path, 'r');
  const pid = await killLauncherMidRun(config, out, (until) => waitForRows(join(out, 'vm-0.csv'), 5, until));
  await expect(stat(join(out, 'manifest.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  // What a launcher SIGKILLed inside its start record's write leaves (planted: that instant is too short to hit):
  // readers neither refuse the run for it nor take it for a VM's file (every figure below is of 3 VMs).
  await writeFile(join(out, `run-start.json.${pid}.tmp`), '{"runId":');

  // What the CSVs say, computed here: rows, send rows, the last row's time.
  const csvs = await Promise.all([0, 1, 2].map((vm) => readCsv(join(out, `vm-${vm}.csv`))));
  const rows = csvs.map((csv) => csv.rows.length);
  const sends = csvs.map((csv) => csv.rows.filter((row) => row.event === 'send').length);
  const last = csvs.map((csv) => Number(csv.rows.at(-1)?.elapsed_ms));
  const total = rows.reduce((a, b) => a + b, 0);
  const messages = sends.reduce((a, b) => a + b, 0);
  expect(Math.min(...rows)).toBeGreaterThan(0);

  const analyzed = await launcher(['analyze', out, '--json', '--no-summary'], dir.path);
  expect(analyzed.exitCode).toBe(0);
  const analysis = JSON.parse(analyzed.stdout) as {
    status: string;
    reason: string;
    rows: number;
    launcherDied: { pid: number };
    vms: {
      ticks: { logged: number; due: number; stopMs: number | null };
      messages: { sendEvents: number; pendingAtStop: number | null; dropped: number | null };
    }[];
  };
  expect(analysis).toMatchObject({
    status: 'failed',
    reason: `its launcher (pid ${pid}) died before writing the manifest`,
    rows: total,
    launcherDied: { pid },
  });
  // Each VM stopped as its channel closed, at the instant its end record holds: the ticks due are those before it,
  // computed here from the record and the start record, and every one of them ran.
  const { startEpochMs } = JSON.parse(await readFile(join(out, 'run-start.json'), 'utf8')) as { startEpochMs: number };
  const stops = await Promise.all(
    [0, 1, 2].map(async (vm) => {
      const text = await readFile(join(out, `vm-${vm}.end.json`), 'utf8');
      return (JSON.parse(text) as { stopEpochMs: number }).stopEpochMs - startEpochMs;
    }),
  );
  expect(analysis.vms.map((vm) => [vm.ticks.logged, vm.ticks.due, vm.ticks.stopMs, vm.messages.sendEvents])).toEqual(
    [5, 8, 10].map((rate, vm) => [rows[vm], dueBefore(rate, stops[vm] ?? 0), stops[vm], sends[vm]]),
  );
  expect(analysis.vms.map((vm) => vm.ticks.due)).toEqual(rows);
  // The stop comes after its last row, within a period of it (the VM was waiting for its next deadline).
  expect(stops.every((stop, vm) => stop > (last[vm] ?? 0))).toBe(true);
  // Each VM stopped in order as its channel closed and wrote its own end record: every copy its rows sent is received
  // in a peer's rows, or pending at that peer's stop, or dropped, once (counted from the CSVs and the records).
  const records = await Promise.all(
    [0, 1, 2].map(async (vm) => {
      const text = await readFile(join(out, `vm-${vm}.end.json`), 'utf8');
      return (JSON.parse(text) as { stats: { pendingAtStop: string[]; dropped: string[] } }).stats;
    }),
  );
  const copies = csvs.flatMap((csv) =>
    csv.rows
      .filter((row) => row.event === 'send')
      .flatMap((row) => (row.peer ?? '').split(';').map((to) => `${row.msg_id}>${to}`)),
  );
  const accounted = [
    ...csvs.flatMap((csv) => csv.rows.filter((row) => row.event === 'receive').map((row) => `${row.msg_id}>${row.vm}`)),
    ...records.flatMap((record, vm) => record.pendingAtStop.map((id) => `${id}>${vm}`)),
    ...records.flatMap((record) => record.dropped),
  ];
  expect(accounted.sort()).toEqual(copies.sort());
  expect(analysis.vms.map((vm) => [vm.messages.pendingAtStop, vm.messages.dropped])).toEqual(
    records.map((record) => [record.pendingAtStop.length, record.dropped.length]),
  );
  const text = await launcher(['analyze', out, '--no-summary'], dir.path);
  expect(text.stdout).toContain(`launcher died: no manifest.json (launcher pid ${pid} died before writing it)`);

  const check = await launcher(['check', out], dir.path);
  expect(check.exitCode).toBe(0);
  const [verdict, died, ...notes] = check.stdout.split('\n');
  // Every VM stopped at the death: one note for them all, not one each (64 lines at 64 VMs).
  expect(notes).toContain(
    `note: VMs 0-2 ended early at the death of launcher pid ${pid}: every tick due before it ran`,
  );
  expect(verdict).toBe(`valid: ${out} (${total} rows, ${messages} messages)`);
  expect(died).toMatch(
    new RegExp(
      `^launcher died: no manifest.json: its launcher \\(pid ${pid}\\) died before writing it, .*; not judged: the run's status`,
    ),
  );

  const report = await launcher(['report', out], dir.path);
  expect(report.exitCode).toBe(0);
  expect((await stat(join(out, 'report.html'))).size).toBeGreaterThan(0);
  const exported = await launcher(['export', out, '--format', 'shiviz', '--out', join(dir.path, 'r.log')], dir.path);
  expect(exported.exitCode).toBe(0);
  expect(exported.stderr).toContain(`exported ${total} events of 3 hosts`);

  // A CSV whose read fails (EIO: /proc/self/mem opens as a regular file, and no read of it succeeds). Its first row
  // is read before the rest here, and that read threw: `launcher: cannot read (EIO)`, exit 1, naming no file.
  const eio = join(dir.path, 'eio');
  await cp(out, eio, { recursive: true });
  await rm(join(eio, 'vm-0.csv'));
  await symlink('/proc/self/mem', join(eio, 'vm-0.csv'));
  const readers = [
    ['analyze', eio, '--no-summary'],
    ['check', eio],
    ['report', eio, '--out', join(dir.path, 'eio.html')],
    ['export', eio, '--format', 'shiviz', '--out', join(dir.path, 'eio.log')],
    ['compare', out, eio],
  ];
  for (const args of readers) {
    const read = await launcher(args, dir.path);
    expect([args[0], read.exitCode, read.stderr]).toEqual([
      args[0],
      2,
      `unreadable: ${eio}/vm-0.csv: cannot read (EIO)`,
    ]);
  }

  // No claim, and a live process under the record's pid: no launcher writes that folder (each holds its claim to its
  // manifest's end), so the run is read as one whose launcher ended. It said `launcher pid N is still writing`, exit 2.
  const released = join(dir.path, 'released');
  await cp(out, released, { recursive: true });
  await rm(join(released, '.launcher-claim'));
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    const record = JSON.parse(await readFile(join(released, 'run-start.json'), 'utf8'));
    const livePid = sleeper.pid as number;
    await writeFile(join(released, 'run-start.json'), JSON.stringify({ ...record, launcherPid: livePid }));
    const ended = await launcher(['check', released], dir.path);
    expect([ended.exitCode, ended.stdout.split('\n')[1]]).toEqual([
      0,
      expect.stringMatching(
        new RegExp(`^no manifest: no manifest.json: its launcher \\(pid ${livePid}\\) ended without`),
      ),
    ]);
  } finally {
    sleeper.kill('SIGKILL');
  }
});

test("a later run into a folder holding a dead launcher's claim and start record temporary runs, and removes it", async () => {
  // A launcher SIGKILLed inside its start record's write before any VM wrote a CSV leaves these two alone.
  const left = join(dir.path, 'left');
  const deadPid = spawnSync('true').pid as number;
  await mkdir(left);
  await writeFile(join(left, '.launcher-claim'), `${deadPid}\n`);
  await writeFile(join(left, `run-start.json.${deadPid}.tmp`), '{"runId":');
  const run = await launcher(['run', config, '--out', left, '--duration', '1'], dir.path);
  // It was refused: `run folder: ... already holds files; give an empty or new folder`, exit 2.
  expect(run.exitCode).toBe(0);
  expect(run.stderr.split('\n')[0]).toBe(
    `${left}: took over the claim of launcher pid ${deadPid}, which is no longer running`,
  );
  expect((await readdir(left)).filter((name) => name.includes('.tmp'))).toEqual([]);
  expect((await readCsv(join(left, 'vm-0.csv'))).rows.length).toBeGreaterThan(0);
});

test('a launcher SIGKILLed after an injected kill and restart: the down ticks are lost with the kill, not due', async () => {
  const killsConfig = join(dir.path, 'kills.json');
  const kills = [
    { vm: 1, atSecond: 1, restartAfterSeconds: 1 },
    { vm: 0, atSecond: 2 },
  ];
  await writeFile(
    killsConfig,
    JSON.stringify({ machines: 3, clockRates: [5, 8, 10], durationSeconds: 30, seed: 4, faults: { kills } }),
  );
  const out = join(dir.path, 'k');
  // Both kills and the restart logged, and VM 1's new life has ticked (9 rows came before its kill at 1 s).
  await killLauncherMidRun(killsConfig, out, async (until) => {
    await waitForRows(join(out, 'faults.csv'), 3, until);
    await waitForRows(join(out, 'vm-1.csv'), 12, until);
  });
  const rows = (await readCsv(join(out, 'vm-1.csv'))).rows.length;
  const analyzed = await launcher(['analyze', out, '--json', '--no-summary'], dir.path);
  const analysis = JSON.parse(analyzed.stdout) as { vms: { ticks: { logged: number; due: number } }[] };
  // Every tick due to its last row ran but those of its down time: they were due 65.6% on time before (no restarts).
  expect(analysis.vms[1]?.ticks).toMatchObject({ logged: rows, due: rows });
  const text = await launcher(['analyze', out, '--no-summary'], dir.path);
  expect(text.stdout).toMatch(/VM 1 was killed by an injected fault and restarted: down from/);
});

test('a launcher SIGKILLed while an injected pause holds a VM: the VM, continued, stops and writes its end record', async () => {
  const pauseConfig = join(dir.path, 'pause.json');
  const pauses = [{ vm: 0, atSecond: 0.5, forSeconds: 20 }];
  await writeFile(
    pauseConfig,
    JSON.stringify({ machines: 3, clockRates: [5, 8, 10], durationSeconds: 30, seed: 4, faults: { pauses } }),
  );
  const out = join(dir.path, 'p');
  // VM 1 ticked well past the pause's instant (tick 11 is due at 1.375 s): VM 0 is stopped when the launcher dies.
  const pid = await killLauncherMidRun(pauseConfig, out, async (until) => {
    await waitForRows(join(out, 'faults.csv'), 1, until);
    await waitForRows(join(out, 'vm-1.csv'), 12, until);
  });
  // Continued by its guard, it ran the tick it was late for and sent its progress down the closed channel before it
  // read the close: that send's EPIPE killed it, and it left no vm-0.end.json (unaccounted, its figures unjudged).
  const record = JSON.parse(await readFile(join(out, 'vm-0.end.json'), 'utf8')) as { stats: { ticks: number } };
  expect(record.stats.ticks).toBe((await readCsv(join(out, 'vm-0.csv'))).rows.length);
  const check = await launcher(['check', out], dir.path);
  expect(check.exitCode).toBe(0);
  expect(check.stdout.split('\n')[1]).toBe(
    `launcher died: no manifest.json: its launcher (pid ${pid}) died before writing it, so the run is read from run-start.json and the rows; not judged: the run's status (manifest-status); rows after the launcher's end (tick-time: its end is not recorded)`,
  );
});

/** The pids of `parent`'s child processes (its VMs), from /proc. */
async function childrenOf(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The fields after the command name (which may hold spaces) start past its closing parenthesis.
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) children.push(Number(entry));
  }
  return children;
}

/**
 * Runs `configFile` into `out`, SIGKILLs the launcher once `ready` resolves, and waits for every VM to stop on its own
 * (their launcher's channel closed); every VM is killed at the end, even when the test fails. Returns the launcher's pid.
 */
async function killLauncherMidRun(
  configFile: string,
  out: string,
  ready: (until: PromiseLike<unknown>) => Promise<void>,
): Promise<number> {
  const run = launcher(['run', configFile, '--out', out], dir.path);
  let vmPids: number[] = [];
  try {
    await waitForPath(join(out, 'run-start.json'), run);
    await ready(run);
    // A restarted VM's new life is not in the record: every child of the launcher is taken before it dies.
    vmPids = [...new Set(await childrenOf(run.pid as number))];
    run.kill('SIGKILL');
    expect((await run).signal).toBe('SIGKILL');
    expect(await waitUntilGone(vmPids, 20_000)).toEqual([]);
  } finally {
    run.kill('SIGKILL');
    for (const pid of vmPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  return run.pid as number;
}
