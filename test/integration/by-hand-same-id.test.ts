/**
 * A VM started by hand with an id already in use, the way it was found: three VMs run, and a second VM 1 is started
 * while they tick. It must refuse at once (exit 2, one line) and leave the running VM 1's CSV alone.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, readCsv, tempDir, track, waitForRows } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';

/** The environment of a user's terminal without CLOCKLAB_SECRET (the session's file is the by-hand default). */
function terminalEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CLOCKLAB_SECRET;
  return env;
}

describe('a second VM by hand with an id in use', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  let basePort: number;
  const rate = 20;
  const seconds = 3;
  beforeEach(async () => {
    dir = await tempDir();
    basePort = await freeBasePort();
    config = join(dir.path, 'by-hand.json');
    const network = { host: '127.0.0.1', basePort };
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [rate, rate, rate], durationSeconds: seconds, network }),
    );
  });
  afterEach(() => dir.remove());

  test('is refused before it touches the folder: the first VM 1 keeps its CSV, every row of it', async () => {
    const out = join(dir.path, 'logs');
    const started: { pid?: number | undefined }[] = [];
    // Each VM leads its own process group, as in its own terminal; every group is killed in the end, whatever happened.
    const vm = (id: number) => {
      const child = track(
        execaNode(launcherBin, ['vm', '--id', String(id), config, '--out', out], {
          reject: false,
          detached: true,
          env: terminalEnv(),
          extendEnv: false,
        }),
        { group: true },
      );
      started.push(child);
      return child;
    };
    try {
      const vms = [vm(0), vm(1), vm(2)];
      await waitForRows(join(out, 'vm-1.csv'), 3, Promise.race(vms));

      const second = await vm(1);
      expect(second.exitCode).toBe(2);
      expect(second.stderr).toBe(
        `vm1: port-in-use: 127.0.0.1:${basePort + 1}: EADDRINUSE (VM 1 is running already, or another program ` +
          `holds its port); nothing in ${out} was touched`,
      );

      const results = await Promise.all(vms);
      expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
      const csv = await readCsv(join(out, 'vm-1.csv'));
      expect(csv.rows).toHaveLength(rate * seconds);
      // The session's secret was removed at the start; the refused VM made no new one.
      expect((await readdir(out)).sort()).toEqual([0, 1, 2].flatMap((id) => [`vm-${id}.csv`, `vm-${id}.json`]));
    } finally {
      for (const child of started) {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // ended already
        }
      }
    }
  }, 60_000);
});
