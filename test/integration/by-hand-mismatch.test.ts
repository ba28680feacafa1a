/**
 * VMs by hand that do not belong together, the way it was found: one started with another CLOCKLAB_SECRET, one
 * whose config fixes another seed (it joined the session, and all three exited 0), and a killed VM restarted while
 * its session runs (a new secret). Each must stop at once with one line naming the peer and why, not retry for the
 * 300 s connect timeout, and the restarted VM must not delete the killed VM's rows.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, readCsv, tempDir, track, waitForRows } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';

describe('VMs by hand that do not belong together', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  let basePort: number;
  const started: { pid?: number | undefined }[] = [];
  beforeEach(async () => {
    dir = await tempDir();
    basePort = await freeBasePort();
    config = join(dir.path, 'by-hand.json');
    const network = { host: '127.0.0.1', basePort };
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [20, 20, 20], durationSeconds: 3, network }));
  });
  afterEach(() => dir.remove());

  /** One VM as in its own terminal: leading its own process group, `secret` its CLOCKLAB_SECRET (none: the file). */
  const vm = (id: number, out: string, secret?: string, file = config) => {
    const env = { ...process.env };
    delete env.CLOCKLAB_SECRET;
    if (secret !== undefined) env.CLOCKLAB_SECRET = secret;
    const child = track(
      execaNode(launcherBin, ['vm', '--id', String(id), file, '--out', out], {
        reject: false,
        detached: true,
        env,
        extendEnv: false,
      }),
      { group: true },
    );
    started.push(child);
    return child;
  };
  const killGroups = () => {
    for (const child of started.splice(0)) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ended already
      }
    }
  };
  const secretLine = (id: number, peer: number) =>
    `vm${id}: peer-refused: VM ${peer} at 127.0.0.1:${basePort + peer} says VM ${id} did not prove the run secret ` +
    '(start every VM of a session with the same --out or CLOCKLAB_SECRET; a running session takes no newcomer)';

  test('one VM with another CLOCKLAB_SECRET: all three stop at once, each naming a peer and the secret', async () => {
    const out = join(dir.path, 'logs');
    try {
      const results = await Promise.all([vm(0, out, 'aaaa'), vm(1, out, 'aaaa'), vm(2, out, 'bbbb')]);
      expect(results.map((r) => r.exitCode)).toEqual([1, 1, 1]);
      expect(results[0]?.stderr.split('\n').at(-1)).toBe(secretLine(0, 2));
      expect(results[1]?.stderr.split('\n').at(-1)).toBe(secretLine(1, 2));
      // VM 2 is refused by whichever of VM 0 and VM 1 it heard first.
      expect([secretLine(2, 0), secretLine(2, 1)]).toContain(results[2]?.stderr.split('\n').at(-1));
    } finally {
      killGroups();
    }
  }, 30_000);

  test('one VM whose config fixes another seed: all three stop at once, each naming a peer and another run', async () => {
    const out = join(dir.path, 'logs');
    const network = { host: '127.0.0.1', basePort };
    const withSeed = async (name: string, seed: number) => {
      const file = join(dir.path, name);
      await writeFile(
        file,
        JSON.stringify({ machines: 3, clockRates: [20, 20, 20], durationSeconds: 3, seed, network }),
      );
      return file;
    };
    const [four, five] = [await withSeed('seed-4.json', 4), await withSeed('seed-5.json', 5)];
    const runLine = (id: number, peer: number) =>
      `vm${id}: peer-refused: VM ${peer} at 127.0.0.1:${basePort + peer} refused VM ${id}'s hello as one for ` +
      'another run (by hand: start every VM with the same config)';
    try {
      const results = await Promise.all([vm(0, out, 'aaaa', four), vm(1, out, 'aaaa', four), vm(2, out, 'aaaa', five)]);
      expect(results.map((r) => r.exitCode)).toEqual([1, 1, 1]);
      expect(results[0]?.stderr.split('\n').at(-1)).toBe(runLine(0, 2));
      expect(results[1]?.stderr.split('\n').at(-1)).toBe(runLine(1, 2));
      expect([runLine(2, 0), runLine(2, 1)]).toContain(results[2]?.stderr.split('\n').at(-1));
    } finally {
      killGroups();
    }
  }, 30_000);

  test('a killed VM restarted into its running session stops at once, and the rows it had written stay', async () => {
    const out = join(dir.path, 'logs');
    try {
      const first = [vm(0, out), vm(1, out), vm(2, out)];
      const csv1 = join(out, 'vm-1.csv');
      await waitForRows(csv1, 5, Promise.race(first));
      const killed = started[1]?.pid;
      if (killed !== undefined) process.kill(-killed, 'SIGKILL');
      await first[1];
      const rowsBefore = (await readCsv(csv1)).rows;

      const restarted = await vm(1, out);
      expect(restarted.exitCode).toBe(1);
      expect([secretLine(1, 0), secretLine(1, 2)]).toContain(restarted.stderr.split('\n').at(-1));
      const [vm0, vm2] = await Promise.all([first[0], first[2]]);
      expect([vm0?.exitCode, vm2?.exitCode]).toEqual([0, 0]);
      expect((await readCsv(csv1)).rows).toEqual(rowsBefore);
    } finally {
      killGroups();
    }
  }, 30_000);
});
