/**
 * A run on "hosts" reached through a stand-in for ssh that runs the VM's command on this machine (no namespace, no
 * root): the launcher's remote path whole, with each VM's stdout piped straight to it. The launcher is stopped
 * (SIGSTOP) past the silence its remote VMs wait out, at a rate whose rows relay fills that pipe long before: each VM
 * gives it up with a backlog on stdout that its exit drops, and its word that it did so must still reach the launcher,
 * which on resume ends the run interrupted, in the one line that says why. No stop instant reached the VMs, so
 * analyze counts each one's ticks due up to its own stop.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { silentChannelMs } from '../../shared/remote-messages.js';
import {
  launcherBin,
  projectRoot,
  readManifest,
  tempDir,
  track,
  waitForLine,
  waitForRows,
  waitUntilGone,
} from './cli-harness.js';
import { expectDueToOwnStops } from './run-assertions.js';
import { standInConfig, standInSsh } from './stand-in-hosts.js';

/** Fast enough that the rows relayed while the launcher stands still fill the pipe to it many times over. */
const clockRates = [400, 400];

describe('hosts through a stand-in for ssh: the launcher stopped past its VMs` silence', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  beforeAll(async () => {
    dir = await tempDir();
    config = await standInConfig(dir.path, { machines: 2, clockRates, durationSeconds: 60, seed: 3 });
  });
  afterAll(() => dir.remove());

  test('SIGSTOP with a rows backlog on every channel: on resume, interrupted, in one line naming the hosts', async () => {
    const out = join(dir.path, 'sigstop');
    const job = track(
      execaNode(launcherBin, ['run', config, '--out', out], {
        cwd: dir.path,
        reject: false,
        env: { CLOCKLAB_SSH_COMMAND: standInSsh },
      }),
    );
    const pid = job.pid ?? 0;
    let scratch: string | undefined;
    try {
      const runId = (await waitForLine(job.stderr, /clocklab run (\S+):/))[1] ?? '';
      scratch = join(projectRoot, 'logs', `.remote-${runId}`);
      const line = (await waitForLine(job.stderr, /started (vm0 .*)\n/))[1] ?? '';
      const vmPids = [...line.matchAll(/\(pid (\d+),/g)].map((m) => Number(m[1]));
      expect(vmPids).toHaveLength(clockRates.length);
      await waitForRows(join(out, 'vm-1.csv'), 20, job);
      process.kill(pid, 'SIGSTOP');
      // Each VM stops by itself once its launcher is silent long enough: wait for them to be gone.
      expect(await waitUntilGone(vmPids, silentChannelMs + 20_000)).toEqual([]);
      process.kill(pid, 'SIGCONT');
      const result = await job;
      const reason =
        /the launcher was stopped or stalled for \d+ s; VMs on hosts h1, h2 stop after 10 s without word from it, so the run stopped early/;
      expect(result.stderr).toMatch(new RegExp(`\\nrun interrupted: ${reason.source}(\\n|$)`));
      expect(result.exitCode).toBe(130);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('interrupted');
      expect(manifest.reason).toMatch(new RegExp(`^${reason.source}$`));
      expect(manifest.stoppedAtMs).toBeUndefined();
      expect(manifest.vms.map((vm) => vm.stoppedEarly)).toEqual(clockRates.map(() => true));
      // Each VM stopped at its own instant: its ticks are due up to that, not to the run's planned end.
      await expectDueToOwnStops(out, clockRates, dir.path);
    } finally {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone already
      }
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
