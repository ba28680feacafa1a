/**
 * The set-up the several-hosts suites share, called in a `describe`: N test hosts (test-hosts.ts) and a temp folder
 * holding a run config on them (`hosts.json`, non-loopback addresses allowed), made before the suite's tests and
 * removed after them, even when one fails. Fails saying why when test hosts cannot be made here.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { tempDir } from './cli-harness.js';
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
