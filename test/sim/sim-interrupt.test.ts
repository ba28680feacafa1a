/**
 * Ctrl-C during a long simulation, as a terminal sends it (SIGINT to the launcher's process group): the simulation
 * stops at one virtual instant and still writes a run folder that accounts for every copy, exit 130.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { launcher, launcherBin, readManifest, tempDir, waitForRows } from '../integration/cli-harness.js';
import { expectOrderlyStop } from '../integration/run-assertions.js';

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

describe('a simulation interrupted from the terminal', () => {
  test('stops at one virtual instant: status interrupted, exit 130, every copy received or pending, check valid', async () => {
    const config = join(dir.path, 'long-sim.json');
    // Long enough that it cannot finish before the signal: hours of virtual time at 1000 ticks/s.
    await writeFile(
      config,
      JSON.stringify({ engine: 'sim', machines: 3, clockRates: [700, 900, 1000], durationSeconds: 20_000, seed: 4 }),
    );
    const out = join(dir.path, 'sim');
    const run = execaNode(launcherBin, ['run', config, '--out', out], { cwd: dir.path, reject: false, detached: true });
    try {
      await waitForRows(join(out, 'vm-0.csv'), 20_000);
    } finally {
      process.kill(-(run.pid ?? 0), 'SIGINT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('stopping the simulation at the virtual instant it reached');
    expect((await readManifest(out)).engine).toBe('sim');
    await expectOrderlyStop(out, 3);
    const check = await launcher(['check', out], dir.path);
    expect(check.stdout).not.toMatch(/VIOLATION/);
    expect(check.exitCode).toBe(0);
  });
});
