/**
 * A host cut off from the launcher by the network (its link down: no connection closes, its sshd keeps the VM's
 * session, so the VM's stdin never ends): the launcher reports the host lost, and the VM there stops by itself once
 * it hears nothing from the launcher (vm/stdio-channel.ts), long before the run's planned end, leaving its CSV on the
 * host whole. Network namespaces over ssh (test-hosts.ts); needs root and /usr/sbin/sshd (fails saying so otherwise).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, test } from '@jest/globals';
import { silentChannelMs } from '../../shared/remote-messages.js';
import { sameKeypressMs } from '../../shared/stop-signals.js';
import {
  launcher,
  projectRoot,
  readCsv,
  readManifest,
  waitForLine,
  waitForRows,
  waitUntilGone,
} from './cli-harness.js';
import { type HostsSuite, onTestHosts, runOnTestHosts } from './hosts-suite.js';
import { expectLamportRows } from './run-assertions.js';
import type { TestHost, TestHosts } from './test-hosts.js';

const durationSeconds = 60;
/**
 * How long past the cut the cut-off VM may still run: its silence limit, then its end (it waits up to 10 s for
 * peers it cannot reach, vm/end-links.ts), with room to spare; far short of the run's planned end.
 */
const endsWithinMs = silentChannelMs + 20_000;

describe('several hosts: one cut off by the network', () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let suite: HostsSuite;

  onTestHosts(3, { machines: 3, clockRates: [20, 30, 40], durationSeconds, seed: 7 }, (made) => {
    suite = made;
    ({ testHosts, dir } = made);
  });

  test("a host's network cut mid-run: exit 1 naming it, its VM stops by itself soon after, its CSV there whole", async () => {
    const out = join(dir.path, 'cut-off');
    const h2 = testHosts.hosts[1];
    if (h2 === undefined) throw new Error('no host h2');
    const launched = runOnTestHosts(suite, out);
    let runId = '';
    try {
      runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      const line = (await waitForLine(launched.stderr, /started (vm0 .*)\n/))[1] ?? '';
      const vm1 = Number(/vm1 \(pid (\d+), port \d+, host h2\)/.exec(line)?.[1]);
      await waitForRows(join(out, 'vm-1.csv'), 20, launched);
      testHosts.cutNetwork(h2);
      const cutAt = Date.now();
      // Its sshd still holds the session: only the VM itself can end there.
      const result = await launched;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `run failed: VM 1 was lost: host h2 \\(root@${h2.address.replaceAll('.', '\\.')}\\) became unreachable`,
        ),
      );
      // The host never answered at the end: whether rows follow the last relay there, the launcher cannot know.
      expect(result.stderr).toMatch(/vm1: its rows after byte \d+, if any, stay on host h2 /);
      const manifest = await readManifest(out);
      expect(manifest.hosts?.find((h) => h.name === 'h2')?.lost).toMatch(/host h2/);
      expect(manifest.vms.map((vm) => vm.exit.replace(/^lost: host h2 .*/, 'lost with h2'))).toEqual([
        'done',
        'lost with h2',
        'done',
      ]);
      expect(await waitUntilGone([vm1], Math.max(0, cutAt + endsWithinMs - Date.now()))).toEqual([]);
      expect(testHosts.nodesIn(h2)).toEqual([]);
      // Its CSV on the host (these hosts share our disk) ends with a whole row, holds what reached the run folder and
      // the rows after, and stopped well before the planned end.
      const onHost = join(projectRoot, 'logs', `.remote-${runId}`, 'vm-1.csv');
      const hostText = readFileSync(onHost, 'utf8');
      const relayed = readFileSync(join(out, 'vm-1.csv'), 'utf8');
      expect(hostText.endsWith('\n')).toBe(true);
      expect(hostText.startsWith(relayed)).toBe(true);
      expect(hostText.length).toBeGreaterThan(relayed.length);
      const rows = (await readCsv(onHost)).rows;
      expectLamportRows(rows);
      expect(rows.length).toBeLessThan(durationSeconds * 30 - 10 * 30);
      // The manifest records where the rest stays, and `check` says it where it speaks of that VM.
      const fromByte = Buffer.byteLength(relayed);
      expect(manifest.vms[1]?.rowsOnHost).toEqual({
        host: 'h2',
        file: onHost,
        fromByte,
        why: expect.any(String),
        ifAny: true,
      });
      const checked = await launcher(['check', out], dir.path);
      // Lines wrap at 80 columns off a terminal.
      expect(checked.stdout.replace(/\n +/g, ' ')).toContain(
        `VM 1: its rows from byte ${fromByte} of its CSV, if any, are not in the run folder: they stay on host h2 in ${onHost} (`,
      );
    } finally {
      testHosts.restoreNetwork(h2);
      launched.kill('SIGKILL');
      await launched;
      // A lost host keeps its VMs' files in the run's scratch folder: these hosts share our disk.
      if (runId !== '') rmSync(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
    }
  }, 120_000);

  /**
   * A run in a process group of its own (signalled as a terminal signals it) whose h2 link goes down once VM 1 logged
   * 10 rows; `then` gets what it needs. Whatever happens, h2's link comes back, the group is killed and waited on, h2's
   * VM is seen gone (it stops by itself once it hears nothing from the launcher), and the run's scratch folder, which
   * a lost host keeps (these hosts share our disk), is removed.
   */
  async function cutMidRun(
    out: string,
    then: (run: {
      launched: ReturnType<typeof runOnTestHosts>;
      group: number;
      runId: string;
      h2: TestHost;
    }) => Promise<void>,
  ): Promise<void> {
    const h2 = testHosts.hosts[1];
    if (h2 === undefined) throw new Error('no host h2');
    const launched = runOnTestHosts(suite, out, { detached: true });
    const group = launched.pid ?? 0;
    let runId = '';
    try {
      runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      await waitForLine(launched.stderr, /started vm0 /);
      await waitForRows(join(out, 'vm-1.csv'), 10, launched);
      testHosts.cutNetwork(h2);
      await then({ launched, group, runId, h2 });
    } finally {
      testHosts.restoreNetwork(h2);
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
      await launched;
      expect(await waitUntilGone(testHosts.nodesIn(h2), endsWithinMs)).toEqual([]);
      if (runId !== '') rmSync(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
    }
  }

  test("a second Ctrl-C with a host's network cut: the launcher exits at once, not after its dead channel's bound", async () => {
    const out = join(dir.path, 'cut-then-killed');
    // Cut, then both Ctrl-Cs well inside ssh's 6 s to notice: VM 1's channel and h2's session are dead, not closed.
    await cutMidRun(out, async ({ launched, group }) => {
      process.kill(-group, 'SIGINT');
      await waitForLine(launched.stderr, /stopping every VM at one instant/);
      await delay(sameKeypressMs + 100); // a second keypress, not the same one forwarded twice
      const secondAt = performance.now();
      process.kill(-group, 'SIGINT');
      const result = await launched;
      const tookMs = performance.now() - secondAt;
      expect(result.stderr).toContain('killing every VM now');
      expect(result.exitCode).toBe(130);
      // The kill cannot reach h2: its VM's channel is dropped at the kill's short bound (1 s), not waited on for 5 s.
      expect(tookMs).toBeLessThan(3_000);
      const manifest = await readManifest(out);
      expect(manifest.vms[1]?.exit).toMatch(/^lost: host h2 /);
      expect(manifest.vms[1]?.rowsOnHost?.why).toBe('not asked: the run was killed at once');
      expect(result.stderr).toMatch(
        /vm1: its rows after byte \d+, if any, stay on host h2 .*\(not asked: the run was killed at once\)/,
      );
    });
  }, 120_000);

  test("a Ctrl-C while the end asks a lost host for its VM's last rows cuts the wait at once: exit 130, the rows recorded where they stay", async () => {
    const out = join(dir.path, 'cut-then-ctrl-c-at-end');
    await cutMidRun(out, async ({ launched, group, runId, h2 }) => {
      // VM 1 is lost (6-8 s), every other VM stops, and the end asks h2 for its rows: h2 cannot answer (its link is
      // down; the test's ssh gives up connecting after 5 s, the end after 10 s). One Ctrl-C, as a terminal sends it.
      await waitForLine(launched.stderr, /vm1: asking host h2 .* never relayed/);
      const at = performance.now();
      process.kill(-group, 'SIGINT');
      const result = await launched;
      const tookMs = performance.now() - at;
      expect(result.exitCode).toBe(130);
      expect(tookMs).toBeLessThan(3_000);
      // No VM was left to stop or kill: the signal is not answered as if there were.
      expect(result.stderr).not.toMatch(/killing every VM now|stopping every VM/);
      expect(result.stderr).toMatch(/run failed: VM 1 was lost: host h2 /);
      const onHost = join(projectRoot, 'logs', `.remote-${runId}`, 'vm-1.csv');
      // Nothing written is lost: the run folder holds every row that came, and the manifest says where the rest stay.
      const fromByte = readFileSync(join(out, 'vm-1.csv')).length;
      const why = 'a stop signal cut the wait for its answer';
      expect(result.stderr).toContain(
        `vm1: its rows after byte ${fromByte}, if any, stay on host h2 (${h2.ssh}) in ${onHost} (${why})`,
      );
      expect(result.stderr).toMatch(/run interrupted during its report: skipped summary\.json /);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('failed');
      expect(manifest.vms[1]?.rowsOnHost).toEqual({ host: 'h2', file: onHost, fromByte, why, ifAny: true });
      expect(manifest.vms.map((vm) => vm.exit.replace(/^lost: host h2 .*/, 'lost with h2'))).toEqual([
        'done',
        'lost with h2',
        'done',
      ]);
    });
  }, 120_000);
});
