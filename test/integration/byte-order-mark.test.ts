/**
 * Files saved by Excel or Notepad begin with a UTF-8 byte-order mark. In a config or an experiment file it is read
 * past, silently (it was 'not valid JSON'); in a VM's CSV it is read past and named among the CSV's hand edits (the
 * whole run was unreadable: 'header is '\ufeffvm,...'', exit 2, for analyze, check, report and export).
 */
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, readManifest, tempDir } from './cli-harness.js';

const fixture = fileURLToPath(new URL('../fixtures/runs/basic', import.meta.url));
const bom = '\ufeff';

describe('a byte-order mark at the start of a file', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test("in a VM's CSV: analyze names it, check, report and export read the run whole", async () => {
    const run = join(dir.path, 'run');
    await cp(fixture, run, { recursive: true });
    const csv = join(run, 'vm-0.csv');
    await writeFile(csv, `${bom}${await readFile(csv, 'utf8')}`);
    const analyze = await launcher(['analyze', run], dir.path);
    expect([analyze.exitCode, analyze.all]).toEqual([
      0,
      expect.stringContaining('\nVM 0: a byte-order mark (left out)\n'),
    ]);
    expect(analyze.all).toMatch(/, 14 rows\n/);
    const check = await launcher(['check', run], dir.path);
    expect([check.exitCode, check.stdout]).toEqual([0, expect.stringMatching(/^valid: .* \(14 rows, 6 messages\)/)]);
    const report = await launcher(['report', run], dir.path);
    expect(report.exitCode).toBe(0);
    expect((await stat(join(run, 'report.html'))).size).toBeGreaterThan(1000);
    const log = join(dir.path, 'run.log');
    const exported = await launcher(['export', run, '--format', 'shiviz', '--out', log], dir.path);
    expect([exported.exitCode, exported.all]).toEqual([0, expect.stringMatching(/^exported 14 events of 2 hosts/)]);
  });

  test('in a config and in an experiment file (and its base config): read as if it were not there', async () => {
    const config = { machines: 2, clockRates: [2, 4], durationSeconds: 2, seed: 5, engine: 'sim' };
    await writeFile(join(dir.path, 'bom.json'), `${bom}${JSON.stringify(config, null, 2)}`);
    const run = await launcher(['run', 'bom.json', '--out', 'r'], dir.path);
    expect(run.exitCode).toBe(0);
    expect((await readManifest(join(dir.path, 'r'))).status).toBe('ok');
    const experiment = { name: 'bom', base: 'bom.json', trials: 2, seed: 1, variants: [{ name: 'a', overrides: {} }] };
    await writeFile(join(dir.path, 'exp.json'), `${bom}${JSON.stringify(experiment)}`);
    const ran = await launcher(['experiment', 'exp.json', '--out', 'x'], dir.path);
    expect(ran.exitCode).toBe(0);
    const trials = ['a/trial-1', 'a/trial-2'].map((trial) => join(dir.path, 'x', trial));
    expect(await Promise.all(trials.map(async (trial) => (await readManifest(trial)).status))).toEqual(['ok', 'ok']);
  });
});
