/**
 * A stop signal while the hosts are checked over ssh, before anything starts: one line, exit 130, and the probes'
 * ssh sessions end with the launcher. The "ssh" here is a stand-in that notes its pid and never answers, so the
 * check waits on it as on a slow host; no namespace host is needed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { isAlive, launcherBin, tempDir, track, waitForPath } from './cli-harness.js';

describe('a stop signal during the hosts` check', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('SIGTERM to the launcher: one line naming the hosts, exit 130, the ssh probes ended, no run folder', async () => {
    const config = join(dir.path, 'hosts.json');
    const hosts = ['h1', 'h2'].map((name, k) => ({ name, ssh: `root@10.9.9.${k + 1}`, address: `10.9.9.${k + 1}` }));
    await writeFile(
      config,
      JSON.stringify({ machines: 2, durationSeconds: 2, network: { allowNonLoopback: true }, hosts }),
    );
    const pids = join(dir.path, 'probes');
    // Each probe appends its pid, then waits (its arguments are commented out).
    const ssh = `echo $$ >> ${pids}; exec sleep 60 #`;
    const out = join(dir.path, 'run');
    const run = track(
      execaNode(launcherBin, ['run', config, '--out', out], {
        cwd: dir.path,
        reject: false,
        detached: true,
        env: { CLOCKLAB_SSH_COMMAND: ssh },
      }),
      { group: true },
    );
    await waitForPath(pids, run);
    process.kill(run.pid ?? 0, 'SIGTERM');
    const result = await run;
    expect({ code: result.exitCode, stderr: result.stderr }).toEqual({
      code: 130,
      stderr: 'interrupted while checking hosts h1, h2 over ssh: nothing was started',
    });
    const probes = (await readFile(pids, 'utf8')).trim().split('\n').map(Number);
    expect(probes.filter((pid) => isAlive(pid))).toEqual([]);
    await expect(readFile(join(out, 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });
});
