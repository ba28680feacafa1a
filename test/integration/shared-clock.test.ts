/**
 * Every local process of a run reads one clock through the launcher's one mapping to epoch ms
 * (shared/precise-epoch.ts): handed a mapping an hour ahead of the wall clock, a real run still starts at once, and
 * its every stamp is on that mapping. A VM that measured its own would wait an hour for the start.
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

  test('a run handed a mapping an hour ahead starts at once and stamps every VM on it', async () => {
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
    // The start, and the ISO times around it, an hour ahead of this process's wall clock: one clock for all.
    const ahead = (manifest.startEpochMs ?? Number.NaN) - spawnedAt;
    expect(Math.abs(ahead - hourMs)).toBeLessThan(10_000);
    expect(Math.abs(Date.parse(manifest.endedAt) - spawnedAt - hourMs)).toBeLessThan(10_000);
    for (let vm = 0; vm < 3; vm++) expect((await readCsv(join(runDir, `vm-${vm}.csv`))).rows.length).toBeGreaterThan(0);
  }, 60_000);

  test('a VM handed a malformed mapping says so in one line and exits with the usage code', async () => {
    const result = await track(
      execaNode(vmBin, ['--id', '0', '--config', join(projectRoot, 'config/default.json')], {
        cwd: dir.path,
        reject: false,
        all: true,
        env: { [sharedClockVariable]: 'soon' },
      }),
    );
    expect(result.exitCode).toBe(exitCodes.usage);
    expect(result.all).toBe(
      `vm: ${sharedClockVariable} is 'soon': not the launcher's epoch mapping (a positive number of ms); unset it`,
    );
  });
});
