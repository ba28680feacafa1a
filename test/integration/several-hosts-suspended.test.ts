/**
 * The launcher suspended mid-run with VMs on other hosts. Those VMs take a launcher silent for silentChannelMs for
 * one cut off from them and stop. Ctrl-Z: the launcher tells them to hold before it stops, so they run on and the
 * run (or an experiment's trial) ends as it would have once it is continued (as a run of local VMs does). Stopped in a way it cannot see coming
 * (SIGSTOP; its machine asleep): its VMs stop, and on resume the run ends interrupted, saying so in one line naming
 * the hosts. Network namespaces over ssh (test-hosts.ts); needs root, /usr/sbin/sshd and perl.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { silentChannelMs } from '../../shared/remote-messages.js';
import {
  launcher,
  launcherBin,
  projectRoot,
  readManifest,
  track,
  waitForLine,
  waitForRows,
  waitUntilGone,
} from './cli-harness.js';
import { onTestHosts } from './hosts-suite.js';
import type { TestHosts } from './test-hosts.js';

const durationSeconds = 30;
const clockRates = [20, 30, 40, 25];

/** The state letter of process `pid` (T: stopped), '' once it is gone. */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '';
  }
}

/** Waits until process `pid` is stopped; a process that ends first fails the wait. */
async function waitUntilStopped(pid: number): Promise<void> {
  while (stateOf(pid) !== 'T') {
    if (stateOf(pid) === '') throw new Error(`process ${pid} ended instead of stopping`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Continues a stopped group, if it is still there. */
function continueGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGCONT');
  } catch {
    // gone already
  }
}

describe('several hosts: the launcher suspended past the silence its remote VMs wait out', () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let config: string;

  onTestHosts(2, { machines: clockRates.length, clockRates, durationSeconds, seed: 7 }, (made) => {
    ({ testHosts, dir, config } = made);
  });

  /**
   * The launcher as a shell's job: the leader of a process group of its own whose parent (this process) is in another
   * group of the same session, so that a SIGTSTP stops it (the kernel ignores one sent to an orphaned group, as a
   * `detached` child's is).
   */
  const startJob = (args: string[]) =>
    track(
      execa('perl', ['-e', 'setpgrp(0, 0); exec @ARGV or die "exec: $!"', process.execPath, launcherBin, ...args], {
        cwd: dir.path,
        reject: false,
        env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
      }),
      { group: true },
    );

  /** Starts a run, waits for its VMs to tick, then stops the launcher's group with `signal`. */
  async function suspendMidRun(out: string, signal: 'SIGTSTP' | 'SIGSTOP') {
    const job = startJob(['run', config, '--out', out]);
    const runId = (await waitForLine(job.stderr, /clocklab run (\S+):/))[1] ?? '';
    const line = (await waitForLine(job.stderr, /started (vm0 .*)\n/))[1] ?? '';
    const vmPids = [...line.matchAll(/\(pid (\d+),/g)].map((m) => Number(m[1]));
    await waitForRows(join(out, 'vm-1.csv'), 20, job);
    const pid = job.pid ?? 0;
    process.kill(-pid, signal);
    await waitUntilStopped(pid);
    return { job, pid, runId, vmPids, scratch: join(projectRoot, 'logs', `.remote-${runId}`) };
  }

  test('Ctrl-Z past the silence window, then fg: the VMs on the hosts run on and the run ends ok, whole', async () => {
    const out = join(dir.path, 'ctrl-z');
    const { job, pid, scratch, vmPids } = await suspendMidRun(out, 'SIGTSTP');
    try {
      // VM 1 (30 ticks/s, host h2) writes its CSV on the host (these hosts share our disk): rows there from well past
      // the silence window show it ran on. Were it to stop, its process ends first and the wait fails saying so.
      const pastSilence = 30 * (silentChannelMs / 1000 + 3);
      await waitForRows(join(scratch, 'vm-1.csv'), pastSilence, waitUntilGone(vmPids, 60_000));
      expect(stateOf(pid)).toBe('T');
      process.kill(-pid, 'SIGCONT');
      const result = await job;
      expect(result.stderr).not.toMatch(/nothing from the launcher/);
      expect(result.exitCode).toBe(0);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('ok');
      expect(manifest.vms.map((vm) => [vm.exit, vm.stoppedEarly])).toEqual(clockRates.map(() => ['done', false]));
      const check = await launcher(['check', out], dir.path);
      expect(check.exitCode).toBe(0);
      expect(check.all).toMatch(/^valid: /);
      expect(check.all).not.toMatch(/ended early/);
    } finally {
      continueGroup(pid);
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  test('stopped past the silence window without warning (SIGSTOP): on resume, interrupted, in one line naming the hosts', async () => {
    const out = join(dir.path, 'sigstop');
    const { job, pid, scratch, vmPids } = await suspendMidRun(out, 'SIGSTOP');
    try {
      // Each VM stops by itself once its launcher is silent long enough: wait for them to be gone on their hosts.
      expect(await waitUntilGone(vmPids, silentChannelMs + 20_000)).toEqual([]);
      process.kill(-pid, 'SIGCONT');
      const result = await job;
      const reason =
        /the launcher was stopped or stalled for \d+ s; VMs on hosts h1, h2 stop after 10 s without word from it, so the run stopped early/;
      expect(result.stderr).toMatch(new RegExp(`\\nrun interrupted: ${reason.source}$`));
      expect(result.exitCode).toBe(130);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('interrupted');
      expect(manifest.reason).toMatch(new RegExp(`^${reason.source}$`));
      expect(manifest.vms.map((vm) => [vm.exit, vm.stoppedEarly])).toEqual(clockRates.map(() => ['done', true]));
      // Nothing lost: every row each VM wrote reached the run folder, and the check finds no violation.
      const check = await launcher(['check', out], dir.path);
      expect(check.exitCode).toBe(0);
      expect(check.all).toMatch(/^valid: /);
      for (const vm of manifest.vms) {
        expect(check.all).toMatch(
          new RegExp(`note: VM ${vm.id} ended early: .*\\(exit: done, stopped early, run interrupted\\)`),
        );
      }
    } finally {
      continueGroup(pid);
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  test('Ctrl-Z during an experiment on hosts, then fg: its trial runs on and ends ok', async () => {
    const out = join(dir.path, 'experiment');
    const file = join(dir.path, 'experiment.json');
    const base = JSON.parse(readFileSync(config, 'utf8'));
    await writeFile(file, JSON.stringify({ name: 'ctrl-z', base, trials: 1, seed: 9, variants: [{ name: 'base' }] }));
    const job = startJob(['experiment', file, '--out', out]);
    const trial = join(out, 'base', 'trial-1');
    const pid = job.pid ?? 0;
    let scratch: string | undefined;
    try {
      await waitForRows(join(trial, 'vm-1.csv'), 20, job);
      // The trial's scratch folder on the hosts: the only one of this project's that is being written.
      const logs = join(projectRoot, 'logs');
      scratch = readdirSync(logs)
        .filter((name) => name.startsWith('.remote-'))
        .map((name) => join(logs, name))
        .find((path) => existsSync(join(path, 'vm-1.csv')));
      if (scratch === undefined) throw new Error(`no scratch folder of the trial in ${logs}`);
      process.kill(-pid, 'SIGTSTP');
      await waitUntilStopped(pid);
      // Were the VMs to stop, their processes end first and the wait fails saying so.
      const vmPids = testHosts.hosts.flatMap((host) => testHosts.nodesIn(host));
      await waitForRows(join(scratch, 'vm-1.csv'), 30 * (silentChannelMs / 1000 + 3), waitUntilGone(vmPids, 60_000));
      expect(stateOf(pid)).toBe('T');
      process.kill(-pid, 'SIGCONT');
      const result = await job;
      expect(result.stderr).not.toMatch(/nothing from the launcher/);
      expect(result.exitCode).toBe(0);
      const manifest = await readManifest(trial);
      expect(manifest.status).toBe('ok');
      expect(manifest.vms.map((vm) => [vm.exit, vm.stoppedEarly])).toEqual(clockRates.map(() => ['done', false]));
    } finally {
      continueGroup(pid);
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
