/**
 * Ctrl-C at each instant of a run's start on this host (local VMs): every VM is named once, with what happened to
 * it, in the manifest and in what the launcher prints, and the folder checks (ctrl-c-phases.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcherBin, tempDir, track } from './cli-harness.js';
import { ctrlCAt, expectEveryVmAccounted, type StartInstant, startInstants } from './ctrl-c-phases.js';

const machines = 6;

describe('Ctrl-C at each instant of the start, VMs on this host', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  beforeAll(async () => {
    dir = await tempDir();
    config = join(dir.path, 'six.json');
    const run = { machines, clockRates: [20, 25, 30, 35, 40, 45], durationSeconds: 8, seed: 11 };
    await writeFile(config, JSON.stringify(run));
  });
  afterAll(() => dir?.remove());

  test.each(Object.keys(startInstants) as StartInstant[])(
    '%s',
    async (instant) => {
      const out = join(dir.path, instant.replaceAll(' ', '-'));
      const launched = track(
        execaNode(launcherBin, ['run', config, '--out', out, '--verbose'], {
          cwd: dir.path,
          reject: false,
          detached: true,
        }),
        { group: true },
      );
      await expectEveryVmAccounted(await ctrlCAt(launched, instant), out, machines, instant);
    },
    60_000,
  );
});
