/**
 * Every local VM of a run reads one clock through its launcher's one mapping to epoch ms (shared/precise-epoch.ts),
 * and only a launched VM takes a mapping handed in: the launcher, which measures its own, does not take one it
 * inherits. A launcher that inherited a mapping an hour ahead still runs on the wall clock; had its VMs kept the
 * inherited value rather than the launcher's, each would have waited an hour for the start.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { exitCodes } from '../../shared/exit-codes.js';
import { sharedClockEnv, sharedClockVariable } from '../../shared/precise-epoch.js';
import { launcherBin, projectRoot, readCsv, readManifest, tempDir, track, vmBin } from './cli-harness.js';

const hourMs = 3_600_000;

describe('one clock for the launcher and its VMs', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('a launcher that inherits a mapping an hour ahead ignores it and hands its VMs its own', async () => {
    const shifted = String(Number(sharedClockEnv()[sharedClockVariable]) + hourMs);
    const runDir = join(dir.path, 'run');
    const spawnedAt = Date.now();
    const config = join(projectRoot, 'config/default.json');
    const result = await track(
      execaNode(launcherBin, ['run', config, '--out', runDir, '--duration', '1'], {
        cwd: dir.path,
        reject: false,
        all: true,
        env: { [sharedClockVariable]: shifted },
      }),
    );
    expect(result.all).toMatch(/check: valid/);
    expect(result.exitCode).toBe(0);
    const manifest = await readManifest(runDir);
    // The start and the end on this machine's wall clock, give or take the run's own seconds.
    expect(Math.abs((manifest.startEpochMs ?? Number.NaN) - spawnedAt)).toBeLessThan(10_000);
    expect(Math.abs(Date.parse(manifest.endedAt) - spawnedAt)).toBeLessThan(10_000);
    for (let vm = 0; vm < 3; vm++) expect((await readCsv(join(runDir, `vm-${vm}.csv`))).rows.length).toBeGreaterThan(0);
  }, 60_000);

  test('a launched VM handed a malformed mapping says so in one line and exits with the usage code', async () => {
    const result = await track(
      execaNode(vmBin, ['--id', '0'], {
        ipc: true,
        cwd: dir.path,
        reject: false,
        all: true,
        env: { [sharedClockVariable]: 'soon' },
      }),
    );
    expect(result.exitCode).toBe(exitCodes.usage);
    expect(result.all).toBe(
      `vm 0: ${sharedClockVariable} is 'soon': not the launcher's epoch mapping (a positive number of ms); unset it`,
    );
  });
});
