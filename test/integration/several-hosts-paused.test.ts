/**
 * A VM on another host held stopped by an injected pause cannot notice its launcher die or its host's network go: the
 * pause's guard on that host (launcher/remote-pause-guard.ts) continues it, and it stops as any VM does. Network
 * namespaces over ssh (test-hosts.ts); needs root and /usr/sbin/sshd (fails saying so otherwise).
 */
import { rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { silentChannelMs } from '../../shared/remote-messages.js';
import { launcherBin, projectRoot, waitForLine, waitUntilGone } from './cli-harness.js';
import { onTestHosts } from './hosts-suite.js';
import type { TestHosts } from './test-hosts.js';

/** Long enough that a VM still stopped at the test's deadline was left so: the pause would outlast the test. */
const pauseSeconds = 60;
const started = /started (vm0 .*)\n/;
const pidOnH2 = (line: string) => Number(/vm1 \(pid (\d+), port \d+, host h2\)/.exec(line)?.[1]);

describe('several hosts: a VM paused by a fault when its launcher cannot end the pause', () => {
  let testHosts: TestHosts;
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  const faults = { pauses: [{ vm: 1, atSecond: 1, forSeconds: pauseSeconds }] };

  onTestHosts(3, { machines: 3, clockRates: [20, 30, 40], durationSeconds: 120, seed: 7, faults }, (made) => {
    ({ testHosts, dir, config } = made);
  });

  /**
   * Runs `runConfig` into `out` and, once VM 1 (on h2) is paused, `act` with its pid and the launcher; then, pass or
   * fail, `undo`, and the launcher, any VM left stopped and the run's scratch folder (these hosts share our disk) go.
   */
  async function duringPause(
    out: string,
    runConfig: string,
    act: (vm1: number, launcher: { kill(signal: 'SIGKILL'): unknown }) => Promise<void>,
    undo = () => {},
  ): Promise<void> {
    const launched = execaNode(launcherBin, ['run', runConfig, '--out', out], {
      cwd: dir.path,
      reject: false,
      env: { CLOCKLAB_SSH_COMMAND: testHosts.sshCommand },
    });
    let runId = '';
    let vm1 = 0;
    try {
      runId = (await waitForLine(launched.stderr, /clocklab run (\S+):/))[1] ?? '';
      vm1 = pidOnH2((await waitForLine(launched.stderr, started))[1] ?? '');
      await waitForLine(launched.stderr, /fault: pause vm1/);
      await act(vm1, launched);
    } finally {
      undo();
      launched.kill('SIGKILL');
      await launched;
      if (vm1 > 0) killIfAlive(vm1);
      if (runId !== '') rmSync(join(projectRoot, 'logs', `.remote-${runId}`), { recursive: true, force: true });
    }
  }

  test('the launcher killed during the pause: the paused VM on its host is continued and stops', async () => {
    await duringPause(join(dir.path, 'killed'), config, async (vm1, launcher) => {
      launcher.kill('SIGKILL');
      // Its guard sees the launcher's session end within a second; continued, the VM finds its channel closed.
      expect(await waitUntilGone([vm1], 15_000)).toEqual([]);
      for (const host of testHosts.hosts) {
        expect({ host: host.name, nodes: testHosts.nodesIn(host) }).toEqual({ host: host.name, nodes: [] });
      }
    });
  }, 60_000);

  test("the paused VM's host cut off: the guard continues it past the pause's end and it stops by itself", async () => {
    const h2 = testHosts.hosts[1];
    if (h2 === undefined) throw new Error('no host h2');
    const shortPause = join(dir.path, 'short-pause.json');
    const short = { pauses: [{ vm: 1, atSecond: 1, forSeconds: 3 }] };
    await writeFile(shortPause, JSON.stringify({ ...JSON.parse(await readFile(config, 'utf8')), faults: short }));
    const restore = () => testHosts.restoreNetwork(h2);
    await duringPause(
      join(dir.path, 'cut'),
      shortPause,
      async (vm1) => {
        testHosts.cutNetwork(h2);
        const cutAt = Date.now();
        // The launcher cannot reach h2 to end the pause: the guard continues the VM 2 s after its end at the latest,
        // and the VM, hearing nothing from its launcher, stops (as in several-hosts-cut-off.test.ts).
        const within = 3_000 + 3_000 + silentChannelMs + 20_000;
        expect(await waitUntilGone([vm1], Math.max(0, cutAt + within - Date.now()))).toEqual([]);
        expect(testHosts.nodesIn(h2)).toEqual([]);
      },
      restore,
    );
  }, 120_000);
});

/** A VM left stopped (the failure these tests look for) is not left behind by the test. */
function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone, as it should be
  }
}
