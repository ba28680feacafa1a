/**
 * Ctrl-C (SIGINT to the process group) after the run's stop instant, while the VMs still end their links: every tick
 * is in, so the run is ok, not interrupted, and the line says so; the signal still skips the report, in one line,
 * exit 130. The end is
 * held open by stopping VM 2 (SIGSTOP) before the start: the others tick to the end and wait for its end marker.
 * Once VM 0 (50 ticks/s) wrote its last row the stop instant is at most one tick period (20 ms) away, less than the
 * stop lead (50 ms): a stop sent then could cut no tick. VM 2 then continues, catches up on its ticks and ends.
 * An experiment whose last trial is hit so skips its summary the same way.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  ctrlC,
  launcher,
  launcherInOwnGroup,
  readCsv,
  readManifest,
  tempDir,
  threeVmsStarted,
  waitForLine,
  waitForPath,
  waitForRows,
} from './cli-harness.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

describe('Ctrl-C after the stop instant', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('launcher run: the run is ok with every tick, the report is skipped in one line, exit 130', async () => {
    const config = join(dir.path, 'short.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [50, 60, 70], durationSeconds: 2, seed: 3 }));
    const out = join(dir.path, 'run');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    let held: number | undefined;
    try {
      held = Number((await waitForLine(run.stderr, threeVmsStarted))[3]);
      process.kill(held, 'SIGSTOP');
      await waitForRows(join(out, 'vm-0.csv'), 100, run);
      ctrlC(run);
      // The line says what happens: nothing is stopped.
      await waitForLine(run.stderr, /the run's ticks are complete \(a stop now would cut none\): it finishes as it is/);
    } finally {
      if (held !== undefined) process.kill(held, 'SIGCONT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).not.toContain('stopping every VM at one instant');
    expect(result.stderr).toMatch(
      /run interrupted during its report: skipped summary\.json .*report\.html .*; the run \(ok\) is kept in /,
    );
    expect(result.stderr).not.toContain('killing every VM now');
    const manifest = await readManifest(out);
    expect({ status: manifest.status, reason: manifest.reason }).toEqual({ status: 'ok', reason: undefined });
    expect(manifest.vms.map((vm) => ({ exit: vm.exit, early: vm.stoppedEarly, ticks: vm.ticks }))).toEqual(
      [100, 120, 140].map((ticks) => ({ exit: 'done', early: false, ticks })),
    );
    const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
    expect(rows.map((vmRows) => vmRows.length)).toEqual([100, 120, 140]);
    for (const vmRows of rows) expectLamportRows(vmRows);
    expectEveryMessageAccounted(
      rows,
      manifest.vms.map((vm) => vm.pendingAtStop),
    );
    const check = await launcher(['check', out], dir.path);
    expect(check.stdout).not.toMatch(/VIOLATION|ended early/);
    expect(check.exitCode).toBe(0);
  });

  test('launcher run at 0.5 ticks/s: Ctrl-C after the last tick, 1.9 s before the end, cuts none: the run is ok', async () => {
    // Speed 0.5: ticks every 2 real seconds, at 0 and 2 s of a 4 s run; a stop told after the second cuts nothing.
    const config = join(dir.path, 'slow.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [1, 1, 1], speed: 0.5, durationSeconds: 2 }));
    const out = join(dir.path, 'slow');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    await Promise.all([0, 1, 2].map((vm) => waitForRows(join(out, `vm-${vm}.csv`), 2, run)));
    ctrlC(run);
    const result = await run;
    expect(result.stderr).toMatch(/the run's ticks are complete \(a stop now would cut none\): it finishes as it is/);
    expect(result.stderr).not.toContain('stopping every VM at one instant');
    const manifest = await readManifest(out);
    expect({ status: manifest.status, stoppedAtMs: manifest.stoppedAtMs }).toEqual({
      status: 'ok',
      stoppedAtMs: undefined,
    });
    expect(manifest.vms.map((vm) => ({ ticks: vm.ticks, early: vm.stoppedEarly }))).toEqual(
      [0, 1, 2].map(() => ({ ticks: 2, early: false })),
    );
  });

  test('launcher experiment: its last trial is ok, the summary is skipped in one line, exit 130', async () => {
    await writeFile(
      join(dir.path, 'experiment.json'),
      JSON.stringify({
        name: 'late-ctrl-c',
        base: { machines: 3, clockRates: [50, 60, 70], durationSeconds: 2 },
        trials: 1,
        seed: 3,
        variants: [{ name: 'a' }],
      }),
    );
    const out = join(dir.path, 'experiment');
    const trial = join(out, 'a', 'trial-1');
    const run = launcherInOwnGroup(['experiment', 'experiment.json', '--out', out], dir.path);
    let held: number | undefined;
    try {
      await waitForRows(join(trial, 'vm-2.csv'), 1, run);
      held = await childWithArgs(run.pid ?? 0, ['--id', '2']);
      process.kill(held, 'SIGSTOP');
      await waitForRows(join(trial, 'vm-0.csv'), 100, run);
      ctrlC(run);
      await waitForLine(
        run.stderr,
        /Ctrl-C: no new trials start; the running trial has its ticks complete and finishes/,
      );
    } finally {
      if (held !== undefined) process.kill(held, 'SIGCONT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).not.toMatch(/stop and are rerun on resume/);
    expect(result.stderr).toMatch(/experiment interrupted during its summary: .* not written; the trials are kept in /);
    await waitForPath(join(trial, 'manifest.json'));
    const manifest = await readManifest(trial);
    expect({ status: manifest.status, ticks: manifest.vms.map((vm) => vm.ticks) }).toEqual({
      status: 'ok',
      ticks: [100, 120, 140],
    });
    expect((await readdir(out)).filter((name) => name.startsWith('summary'))).toEqual([]);
  });
});

/** The pid of `parent`'s child process whose arguments hold `args` in a row (a VM: `--id 2`). */
async function childWithArgs(parent: number, args: string[]): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The fields after the command name (which may hold spaces) start past its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== parent) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (argv.some((_, i) => args.every((arg, j) => argv[i + j] === arg))) return Number(entry);
  }
  throw new Error(`no child of ${parent} runs with ${args.join(' ')}`);
}
