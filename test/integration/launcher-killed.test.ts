/**
 * A launcher SIGKILLed mid-run writes no manifest: its VMs see their channel close and stop, and the folder keeps
 * the rows, the claim and the start record (run-start.json). analyze, check, report and export read it from those:
 * each used to say `unreadable: ...manifest.json: no such file: launcher pid N was interrupted before writing it`.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
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

/** The ticks due by a row stamped at `lastMs` (deadlines k x 1000 / rate at or before it, with the stamp's rounding). */
const dueBy = (rate: number, lastMs: number): number => Math.floor(((lastMs + 0.0005) * rate) / 1000) + 1;

test('a launcher SIGKILLed mid-run: analyze and check read its rows from run-start.json, report and export work', async () => {
  const out = join(dir.path, 'r');
  const run = launcher(['run', config, '--out', out], dir.path);
  let vmPids: number[] = [];
  try {
    await waitForPath(join(out, 'run-start.json'), run);
    vmPids = (JSON.parse(await readFile(join(out, 'run-start.json'), 'utf8')) as { vms: { pid: number }[] }).vms.map(
      (vm) => vm.pid,
    );
    await waitForRows(join(out, 'vm-0.csv'), 5, run);
    run.kill('SIGKILL');
    expect((await run).signal).toBe('SIGKILL');
    // Every VM stops on its own once its launcher's channel closes.
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
  await expect(stat(join(out, 'manifest.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  const pid = run.pid as number;

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
    vms: { ticks: { logged: number; due: number; stopMs: number | null }; messages: { sendEvents: number } }[];
  };
  expect(analysis).toMatchObject({
    status: 'failed',
    reason: `its launcher (pid ${pid}) died before the run's end: no manifest`,
    rows: total,
    launcherDied: { pid },
  });
  expect(analysis.vms.map((vm) => [vm.ticks.logged, vm.ticks.due, vm.ticks.stopMs, vm.messages.sendEvents])).toEqual(
    [5, 8, 10].map((rate, vm) => [rows[vm], dueBy(rate, last[vm] ?? 0), null, sends[vm]]),
  );
  const text = await launcher(['analyze', out, '--no-summary'], dir.path);
  expect(text.stdout).toContain(`launcher died: no manifest.json (launcher pid ${pid} died before the run's end)`);

  const check = await launcher(['check', out], dir.path);
  expect(check.exitCode).toBe(0);
  const [verdict, died] = check.stdout.split('\n');
  expect(verdict).toBe(`valid: ${out} (${total} rows, ${messages} messages)`);
  expect(died).toMatch(
    new RegExp(
      `^launcher died: no manifest.json: its launcher \\(pid ${pid}\\) died before writing it, .*; not judged: `,
    ),
  );

  const report = await launcher(['report', out], dir.path);
  expect(report.exitCode).toBe(0);
  expect((await stat(join(out, 'report.html'))).size).toBeGreaterThan(0);
  const exported = await launcher(['export', out, '--format', 'shiviz', '--out', join(dir.path, 'r.log')], dir.path);
  expect(exported.exitCode).toBe(0);
  expect(exported.stderr).toContain(`exported ${total} events of 3 hosts`);
});
