/** Whatever breaks, the run keeps what was recorded, says what happened, and leaves no process behind. */

import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  isAlive,
  launcher,
  readCsv,
  readManifest,
  tempDir,
  threeVmsStarted,
  waitForLine,
  waitForRows,
  waitUntilGone,
} from './cli-harness.js';
import { freeBasePort } from './free-ports.js';
import { expectDueToOwnStops, expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

describe('process faults', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  beforeAll(async () => {
    dir = await tempDir();
    config = join(dir.path, 'fast.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [50, 80, 120], durationSeconds: 30, seed: 9 }));
  });
  afterAll(() => dir.remove());

  test('a VM killed mid-run: exit 1 naming it, the others stop in order, every CSV kept', async () => {
    const out = join(dir.path, 'killed');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-1.csv'), 20);
    process.kill(pids[1] ?? 0, 'SIGKILL');
    // How soon the run ends after the death is a timing figure: it belongs to the bench, not here.
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/run failed: VM 1 was killed by SIGKILL before the run ended/);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('failed');
    expect(manifest.reason).toMatch(/VM 1 was killed by SIGKILL/);
    expect(manifest.vms.map((vm) => vm.exit)).toEqual(['done', 'killed by SIGKILL', 'done']);
    const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
    expect(rows[1]?.length).toBeGreaterThanOrEqual(20);
    expect(manifest.vms[1]?.ticks).toBe(rows[1]?.length);
    for (const vmRows of rows) expectLamportRows(vmRows);
    // The survivors saw the link drop and kept ticking well past the kill.
    expect(manifest.vms[0]?.lostPeers).toEqual([1]);
    expect(rows[0]?.length).toBeGreaterThan((rows[1]?.length ?? 0) / 2);
    expect(pids.filter(isAlive)).toEqual([]);
    // Each VM's stop as the launcher knew it: VM 1 when its exit was seen, after its last row; the others at the
    // one stop instant they were told.
    const [stop0, stop1, stop2] = manifest.vms.map((vm) => vm.stopElapsedMs ?? Number.NaN);
    expect(stop1).toBeGreaterThanOrEqual(Number(rows[1]?.at(-1)?.elapsed_ms));
    expect(stop0).toBe(stop2);
    expect(stop0).toBeGreaterThan(stop1 ?? 0);
    // No instant every VM stopped at: the ticks due after each one stopped are not counted against it.
    await expectDueToOwnStops(out, [50, 80, 120], dir.path);
  });

  test('the launcher killed while a fault holds a VM paused: no VM is left stopped', async () => {
    const paused = join(dir.path, 'paused.json');
    const faults = { pauses: [{ vm: 1, atSecond: 1, forSeconds: 25 }] };
    await writeFile(paused, JSON.stringify({ machines: 3, clockRates: [20, 30, 40], durationSeconds: 30, faults }));
    const run = launcher(['run', paused, '--out', join(dir.path, 'paused-guarded')], dir.path);
    let pids: number[] = [];
    try {
      pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
      await waitForLine(run.stderr, /fault: pause vm1/);
      run.kill('SIGKILL');
      // Stopped, VM 1 cannot see its channel close: its guard continues it once the launcher is gone (it was left
      // stopped for good), and it stops as the others do.
      expect(await waitUntilGone(pids, 10_000)).toEqual([]);
    } finally {
      run.kill('SIGKILL');
      // A VM left stopped (the failure this test looks for) is not left behind by the test.
      for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    }
  });

  test('SIGTERM to the launcher: every VM stops at one instant, exit 130, status interrupted, nothing lost', async () => {
    const out = join(dir.path, 'interrupted');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-0.csv'), 25);
    run.kill('SIGTERM');
    const result = await run;
    expect(result.exitCode).toBe(130);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('interrupted');
    expect(manifest.vms.filter((vm) => vm.exit !== 'done' || !vm.stoppedEarly)).toEqual([]);
    const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
    for (const [vm, vmRows] of rows.entries()) expect(vmRows.length).toBe(manifest.vms[vm]?.ticks);
    for (const vmRows of rows) expectLamportRows(vmRows);
    expectEveryMessageAccounted(
      rows,
      manifest.vms.map((vm) => vm.pendingAtStop),
    );
    // That the three stop instants coincide in time is the bench's to measure (it depends on the machine's load).
    expect(pids.filter(isAlive)).toEqual([]);
  });

  test('a VM stopped (SIGSTOP) across the stop until its peers give up on it: their record closes the account', async () => {
    const short = join(dir.path, 'short.json');
    await writeFile(short, JSON.stringify({ machines: 3, clockRates: [20, 20, 20], durationSeconds: 2, seed: 9 }));
    const out = join(dir.path, 'paused');
    const run = launcher(['run', short, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-1.csv'), 5, run);
    process.kill(pids[1] ?? 0, 'SIGSTOP');
    // Resumed only once both peers gave up on its end marker: what it sends on catching up goes into closed links.
    await waitForLine(run.stderr, /vm0: VM 0: VM 1 sent no end marker/);
    await waitForLine(run.stderr, /vm2: VM 2: VM 1 sent no end marker/);
    process.kill(pids[1] ?? 0, 'SIGCONT');
    const result = await run;
    expect(result.stdout).toMatch(/check: valid/);
    expect(result.exitCode).toBe(0);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('ok');
    expect(manifest.vms.map((vm) => vm.unendedLinks)).toEqual([
      [{ from: 1, cause: 'silent' }],
      [],
      [{ from: 1, cause: 'silent' }],
    ]);
    expect(pids.filter(isAlive)).toEqual([]);
  });

  test('SIGKILL to the launcher: its VMs notice and exit, no orphans', async () => {
    const out = join(dir.path, 'orphaned');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    run.kill('SIGKILL');
    await run;
    expect(await waitUntilGone(pids, 10_000)).toEqual([]);
  });

  test('a port already taken: one clear line naming it, exit 2, every child stopped', async () => {
    // VM 0's port held on purpose, VM 1's free and below the ephemeral range: only VM 0 can be refused (an
    // ephemeral port's neighbour may be any other process's connection, which CI once met).
    const port = await freeBasePort(2);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const taken = join(dir.path, 'taken.json');
      await writeFile(
        taken,
        JSON.stringify({ machines: 2, durationSeconds: 1, network: { host: '127.0.0.1', basePort: port } }),
      );
      const refused = await launcher(['run', taken, '--out', join(dir.path, 'port2')], dir.path);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain(`port-in-use: 127.0.0.1:${port}: EADDRINUSE`);
      const manifest = await readManifest(join(dir.path, 'port2'));
      expect(manifest.status).toBe('failed');
      expect(manifest.vms.filter((vm) => vm.pid !== null && isAlive(vm.pid))).toEqual([]);
    } finally {
      blocker.close();
    }
  });
  test('a fixed port taken while its VM is down for a restart: exit 1 naming the VM and the port', async () => {
    const basePort = await freeBasePort();
    const restarting = join(dir.path, 'restart-taken.json');
    await writeFile(
      restarting,
      JSON.stringify({
        machines: 3,
        clockRates: [20, 30, 40],
        durationSeconds: 30,
        seed: 4,
        network: { host: '127.0.0.1', basePort },
        faults: { kills: [{ vm: 1, atSecond: 1, restartAfterSeconds: 5, clock: 'kept' }] },
      }),
    );
    const out = join(dir.path, 'restart-taken');
    const run = launcher(['run', restarting, '--out', out], dir.path);
    const squatter = createServer();
    try {
      const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
      await waitForLine(run.stderr, /fault: kill vm1/);
      // The launcher is held still (as a loaded machine may hold it) until the port is taken: its restart cannot
      // come first, however slowly this test runs. It sent the kill before saying so; the port frees as VM 1 dies.
      process.kill(run.pid ?? 0, 'SIGSTOP');
      try {
        expect(await waitUntilGone([pids[1] ?? 0], 10_000)).toEqual([]);
        // A zombie leader can still have threads holding its sockets (CI met EADDRINUSE here): retry on each
        // refusal until the port is ours; the launcher is stopped, so nothing else can take it meanwhile.
        await new Promise<void>((resolve) => {
          squatter.on('error', () => squatter.listen(basePort + 1, '127.0.0.1'));
          squatter.listen(basePort + 1, '127.0.0.1', resolve);
        });
      } finally {
        process.kill(run.pid ?? 0, 'SIGCONT');
      }
      const result = await run;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`run failed: VM 1 could not restart \\(port-in-use: 127\\.0\\.0\\.1:${basePort + 1}: EADDRINUSE`),
      );
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('failed');
      expect(manifest.reason).toMatch(/VM 1 could not restart/);
      expect(await waitUntilGone(pids, 10_000)).toEqual([]);
    } finally {
      run.kill('SIGKILL');
      squatter.close();
    }
  });
});
