/** A config whose faults section injects nothing runs as one without it: no faults.csv in either engine's folder. */

import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, tempDir } from './cli-harness.js';

describe('"faults": {} injects nothing', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
    const config = { machines: 3, clockRates: [20, 30, 40], durationSeconds: 1, seed: 5, faults: {} };
    await writeFile(join(dir.path, 'empty.json'), JSON.stringify(config));
  });
  afterAll(() => dir.remove());

  test.each(['processes', 'sim'])(
    'the %s engine writes no faults.csv and its folder checks valid',
    async (engine) => {
      const out = join(dir.path, engine);
      const ran = await launcher(['run', 'empty.json', '--engine', engine, '--out', out], dir.path);
      expect(ran.exitCode).toBe(0);
      const files = await readdir(out);
      expect(files).toContain('vm-2.csv');
      expect(files).not.toContain('faults.csv');
      const check = await launcher(['check', out], dir.path);
      expect(check.stdout).toMatch(/^valid: /m);
      expect(check.exitCode).toBe(0);
    },
    60_000,
  );
});
