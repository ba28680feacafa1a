/**
 * A VM killed and restarted with its clock reset, back before its next tick was due (1 tick/s, killed 0.25 s after
 * tick 1, back 0.1 s later): no tick is skipped, so only the row's jump column shows the reset. The checker takes it
 * for the configured restart, and still refuses it where the config says the clock is kept. At speed 0.25, so that a
 * busy machine has 1 s of real time to run tick 1 before the kill and 2.6 s to start the VM again before tick 2.
 */

import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, readCsv, tempDir } from './cli-harness.js';

const kill = { vm: 1, atSecond: 1.25, restartAfterSeconds: 0.1, clock: 'reset' };

describe('a restart with its clock reset that skips no tick deadline', () => {
  let dir: { path: string; remove(): Promise<void> };
  let out: string;
  let run: { exitCode?: number | undefined; stdout?: unknown };

  beforeAll(async () => {
    dir = await tempDir();
    const config = join(dir.path, 'reset.json');
    const faults = { kills: [kill] };
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [1, 1, 1], durationSeconds: 3, speed: 0.25, seed: 7, faults }),
    );
    out = join(dir.path, 'run');
    run = await launcher(['run', config, '--out', out], dir.path);
  }, 60_000);
  afterAll(() => dir.remove());

  test('the rows: ticks 0, 1, 2 in a row, and tick 2 (the new life) jumps from 0', async () => {
    const rows = (await readCsv(join(out, 'vm-1.csv'))).rows;
    expect(rows.map((row) => row.tick)).toEqual(['0', '1', '2']);
    const [, last, restarted] = rows;
    expect(restarted?.jump).toBe(restarted?.logical_clock);
    expect(Number(last?.logical_clock)).toBeGreaterThan(0);
  });

  test('run and check: valid, the restart a note', async () => {
    expect(run.exitCode).toBe(0);
    expect(String(run.stdout)).toMatch(/^check: valid: /m);
    const check = await launcher(['check', out], dir.path);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain(
      'note: VM 1 restarted at tick 2 (line 4) with its clock reset, before its next tick was due',
    );
  });

  test('the same rows where the config keeps the clock: the reset breaks the jump rule', async () => {
    const kept = join(dir.path, 'kept');
    await cp(out, kept, { recursive: true });
    const manifestFile = join(kept, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.config.faults.kills = [{ ...kill, clock: 'kept' }];
    await writeFile(manifestFile, JSON.stringify(manifest));
    const check = await launcher(['check', kept], dir.path);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/^jump-column: vm-1\.csv tick 2 \(line 4\): found jump \d+; expected /m);
    expect(check.stdout).not.toContain('restarted at tick 2');
  });
});
