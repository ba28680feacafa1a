/**
 * `launcher run ... > out.txt`: the result (table, verdict, files written) on stdout, every warning and note on
 * stderr, so that a redirected or piped result is clean and the diagnostics stay on the terminal.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, tempDir } from './cli-harness.js';

describe('launcher run: result on stdout, diagnostics on stderr', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('a VM paused by an injected fault: its late-ticks warning goes to stderr', async () => {
    const config = join(dir.path, 'paused.json');
    await writeFile(
      config,
      JSON.stringify({
        machines: 2,
        durationSeconds: 4,
        clockRate: { min: 5, max: 5 },
        network: { basePort: 5000 },
        faults: { pauses: [{ vm: 0, atSecond: 1, forSeconds: 1.5 }] },
      }),
    );
    const run = join(dir.path, 'run');
    const result = await launcher(['run', config, '--engine', 'sim', '--seed', '3', '--out', run], dir.path);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^warning: VM 0 ran [\d.]+% of its ticks more than one period late .*paused/m);
    expect(result.stderr).toMatch(/^note: .*network\.basePort 5000 is ignored by the sim engine/m);
    const stdout = result.stdout.split('\n');
    expect(stdout.filter((line) => /warning|note/.test(line))).toEqual([]);
    expect(stdout.filter((line) => /^(summary|check|report|run folder): /.test(line))).toEqual([
      `summary: ${join(run, 'summary.json')}`,
      expect.stringMatching(/^check: valid: .* \(\d+ rows, \d+ messages\)$/),
      `report: ${join(run, 'report.html')}`,
      `run folder: ${run}`,
    ]);
  });
});
