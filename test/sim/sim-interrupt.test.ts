/**
 * Ctrl-C during a long simulation, as a terminal sends it (SIGINT to the launcher's process group): the simulation
 * stops at one virtual instant and still writes a run folder that accounts for every copy, exit 130.
 */
import { watch } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { launcher, launcherBin, readManifest, tempDir, track } from '../integration/cli-harness.js';
import { expectOrderlyStop } from '../integration/run-assertions.js';

/**
 * Resolves once `file` holds at least `bytes`. The simulation writes rows far faster than a test could read them
 * back, so this looks at the size only (reading the file on every change ran jest out of memory).
 */
async function waitForBytes(file: string, bytes: number): Promise<void> {
  const { dir, base } = { dir: file.slice(0, file.lastIndexOf('/')), base: file.slice(file.lastIndexOf('/') + 1) };
  await mkdir(dir, { recursive: true });
  const big = async () => ((await stat(file).catch(() => undefined))?.size ?? 0) >= bytes;
  await new Promise<void>((resolve) => {
    const watcher = watch(dir, (_event, name) => {
      if (name === base) void big().then((yes) => yes && done());
    });
    const done = () => {
      watcher.close();
      resolve();
    };
    void big().then((yes) => yes && done());
  });
}

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
    const run = track(
      execaNode(launcherBin, ['run', config, '--out', out], { cwd: dir.path, reject: false, detached: true }),
      {
        group: true,
      },
    );
    try {
      await waitForBytes(join(out, 'vm-0.csv'), 256 * 1024);
    } finally {
      process.kill(-(run.pid ?? 0), 'SIGINT');
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('stopping the simulation at the virtual instant it reached');
    const manifest = await readManifest(out);
    expect(manifest.engine).toBe('sim');
    await expectOrderlyStop(out, 3);
    const check = await launcher(['check', out], dir.path);
    expect(check.stdout).not.toMatch(/VIOLATION/);
    expect(check.exitCode).toBe(0);
    // The virtual stop instant is recorded, and ticks are due only before it: each VM ran every one, on time.
    const stoppedAtMs = manifest.stoppedAtMs ?? Number.NaN;
    expect(stoppedAtMs).toBeGreaterThan(0);
    expect(stoppedAtMs).toBeLessThan(20_000_000);
    const analyze = await launcher(['analyze', out, '--json'], dir.path);
    const analysis = JSON.parse(analyze.stdout) as RunAnalysis;
    expect(analysis.stoppedAtMs).toBe(stoppedAtMs);
    expect(analysis.vms.map((vm) => [vm.ticks.expected, vm.ticks.achievedRate])).toEqual(
      analysis.vms.map((vm) => [vm.ticks.logged, vm.ticks.configuredRate]),
    );
    expect(analysis.vms.map((vm) => Math.ceil((stoppedAtMs * vm.ticks.configuredRate) / 1000))).toEqual(
      analysis.vms.map((vm) => vm.ticks.logged),
    );
  });
});
