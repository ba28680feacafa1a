/** executeSim into a run folder it cannot write: the failure comes back as one line naming the file, not thrown. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { parseRunConfig } from '../../config/load-config.js';
import { executeSim } from '../../sim/execute-sim.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-execute-sim-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('a CSV name planted after the claim: an io failure naming it, the planted file left as it was', async () => {
  const planted = join(dir, 'vm-1.csv');
  await writeFile(planted, 'planted');
  const parsed = parseRunConfig({ machines: 2, clockRates: [10, 10], durationSeconds: 2, seed: 1 }, 'test');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const result = await executeSim(parsed.config, { dir, runId: 'r' });
  expect(result).toEqual({ kind: 'io-failure', line: `cannot create ${planted} (EEXIST)` });
  expect(await readFile(planted, 'utf8')).toBe('planted');
});
