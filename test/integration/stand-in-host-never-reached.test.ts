/**
 * A host that passes the check before the start and then refuses its VM's ssh session (its sshd gone meanwhile):
 * the VM never ran, so the run says it was never reached and why, not that its host "became unreachable before the
 * run ended". Hosts are reached through a stand-in for ssh that runs the command on this machine (no namespace, no
 * root), except a VM's session to h2, which it refuses as ssh does.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, projectRoot, readManifest, tempDir, track, waitForLine } from './cli-harness.js';
import { standInConfig } from './stand-in-hosts.js';

const refusal = 'ssh: connect to host h2.stand-in port 22: Connection refused';

/** "ssh" that runs its last argument (the remote command) here, but refuses a VM's session (`--stdio`) to h2. */
const standInSsh =
  `sh -c 'for a; do :; done; case "$*" in *h2.stand-in*--stdio*) echo "${refusal}" >&2; exit 255;; esac; ` +
  `exec sh -c "$a"' stand-in-ssh`;

describe('hosts through a stand-in for ssh: one refuses its VM', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  beforeAll(async () => {
    dir = await tempDir();
    config = await standInConfig(dir.path, { machines: 2, clockRates: [10, 10], durationSeconds: 30, seed: 3 });
  });
  afterAll(() => dir.remove());

  test('the run fails before its start saying VM 1 was never reached on h2, and why, not that it was lost', async () => {
    const out = join(dir.path, 'refused');
    const job = track(
      execaNode(launcherBin, ['run', config, '--out', out], {
        cwd: dir.path,
        reject: false,
        env: { CLOCKLAB_SSH_COMMAND: standInSsh },
      }),
    );
    let runId = '';
    try {
      runId = (await waitForLine(job.stderr, /clocklab run (\S+):/))[1] ?? '';
      const result = await job;
      expect(result.exitCode).toBe(1);
      const never = `VM 1 was never reached on host h2 (h2.stand-in): its ssh session ended before the VM started there (${refusal})`;
      expect(result.stderr).toContain(`run failed before the start: ${never}; `);
      expect(result.stderr).not.toMatch(/became unreachable|before the run ended/);
      const manifest = await readManifest(out);
      expect(manifest.vms[1]?.exit).toBe(never.replace('VM 1 was ', ''));
      expect(manifest.vms[1]?.rowsOnHost).toBeUndefined();
    } finally {
      // The hosts share this machine's clocklab folder: their run's scratch folder is here.
      if (runId !== '') rmSync(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
    }
  }, 60_000);
});
