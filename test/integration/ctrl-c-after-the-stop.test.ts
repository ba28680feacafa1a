/**
 * Ctrl-C (SIGINT to the process group) after the run's stop instant, while the VMs still end their links: every tick
 * is in, so the run is ok, not interrupted; the signal still skips the report, in one line, exit 130. The end is
 * held open by stopping VM 2 (SIGSTOP) before the start: the others tick to the end and wait for its end marker.
 * Once VM 0 (50 ticks/s) wrote its last row the stop instant is at most one tick period (20 ms) away, less than the
 * stop lead (50 ms): a stop sent then could cut no tick. VM 2 then continues, catches up on its ticks and ends.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import {
  launcher,
  launcherBin,
  readCsv,
  readManifest,
  tempDir,
  track,
  waitForLine,
  waitForRows,
} from './cli-harness.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

const startedLine = /started vm0 \(pid (\d+), port \d+\), vm1 \(pid (\d+), port \d+\), vm2 \(pid (\d+), port \d+\)/;

/** The built launcher as a terminal's foreground job: the leader of its own process group. */
function inOwnGroup(args: string[], cwd: string) {
  return track(execaNode(launcherBin, args, { cwd, reject: false, detached: true }), { group: true });
}

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
    const run = inOwnGroup(['run', config, '--out', out], dir.path);
    let held: number | undefined;
    try {
      held = Number((await waitForLine(run.stderr, startedLine))[3]);
      process.kill(held, 'SIGSTOP');
      await waitForRows(join(out, 'vm-0.csv'), 100, run);
      process.kill(-(run.pid ?? 0), 'SIGINT');
      await waitForLine(run.stderr, /stopping every VM at one instant/);
    } finally {
      if (held !== undefined) process.kill(held, 'SIGCONT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
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
});
