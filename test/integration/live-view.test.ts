/**
 * The live view of `launcher run` on a real pseudo-terminal (script(1)) at speed 10: it gives each VM's rate per
 * experiment second, as the summary table under it does, never the real rate (10 times more) beside the table's.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { launcherOnTerminal, tempDir } from './cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

test('at speed 10 the live view and the summary table give the same rates, and the view names the speed', async () => {
  const config = join(dir.path, 'fast.json');
  await writeFile(config, JSON.stringify({ machines: 2, clockRates: [3, 7], durationSeconds: 10, seed: 5 }));
  const result = await launcherOnTerminal(['run', config, '--out', join(dir.path, 'run'), '--speed', '10'], dir.path);
  expect(result.exitCode).toBe(0);
  // The view's last state, drawn as the run stops, then the table: `vm0  3  30 ...` under `VM  rate/s  ticks`.
  expect(result.stdout).toContain('running 10/10 s at speed 10 (1/1 s real)');
  expect(result.stdout).toMatch(/ {2}vm0 \(3\/s\) tick \d+ clock/);
  expect(result.stdout).toMatch(/ {2}vm1 \(7\/s\) tick \d+ clock/);
  expect(result.stdout).not.toMatch(/\((30|70)\/s\)/);
  expect(result.stdout).toMatch(/vm0 +3 +30 /);
  // It ends on each VM's last tick, the table's count, not on its last report of every 500 ms.
  const lastBlock = result.stdout.slice(result.stdout.lastIndexOf('running 10/10 s'));
  expect(lastBlock).toMatch(/ {2}vm0 \(3\/s\) tick 30 clock/);
  expect(lastBlock).toMatch(/ {2}vm1 \(7\/s\) tick 70 clock/);
});
