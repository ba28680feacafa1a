/**
 * The set-up the several-hosts suites share, called in a `describe`: N test hosts (test-hosts.ts) and a temp folder
 * holding a run config on them (`hosts.json`, non-loopback addresses allowed), made before the suite's tests and
 * removed after them, even when one fails. Fails saying why when test hosts cannot be made here.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, tempDir } from './cli-harness.js';
import { configHosts, createTestHosts, type TestHosts, testHostsUnavailable } from './test-hosts.js';

export type HostsSuite = {
  testHosts: TestHosts;
  dir: { path: string; remove(): Promise<void> };
  /** The run config's path. */
  config: string;
};

export function onTestHosts(count: number, run: Record<string, unknown>, ready: (suite: HostsSuite) => void): void {
  let suite: HostsSuite | undefined;
  let testHosts: TestHosts | undefined;
  let dir: HostsSuite['dir'] | undefined;
  beforeAll(async () => {
    const problem = testHostsUnavailable();
    if (problem !== undefined) throw new Error(`cannot make test hosts: ${problem}`);
    testHosts = createTestHosts(count);
    dir = await tempDir();
    const config = join(dir.path, 'hosts.json');
    const hosts = configHosts(testHosts);
    await writeFile(config, JSON.stringify({ ...run, network: { allowNonLoopback: true }, hosts }));
    suite = { testHosts, dir, config };
    ready(suite);
  });
  afterAll(async () => {
    testHosts?.remove();
    await dir?.remove();
  });
}

/**
 * `launcher run` of the suite's config into `out`, reaching the hosts with their ssh command (`env` adds to it or
 * replaces it); `detached`: in a process group of its own, for signals to the whole group as a terminal sends them.
 */
export function runOnTestHosts(
  suite: HostsSuite,
  out: string,
  options: { detached?: boolean; env?: Record<string, string> } = {},
) {
  return execaNode(launcherBin, ['run', suite.config, '--out', out], {
    cwd: suite.dir.path,
    reject: false,
    detached: options.detached === true,
    env: { CLOCKLAB_SSH_COMMAND: suite.testHosts.sshCommand, ...options.env },
  });
}
