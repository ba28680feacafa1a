/**
 * A run whose folder cannot be written to the end (a `manifest.json` folder planted after the claim; a VM's CSV
 * that reaches a file-size limit, as on a full disk) ends in one line and exit 1, keeps what it wrote, and releases
 * its claim; it used to end in a stack trace with the claim left behind, and a VM whose CSV write failed relayed a
 * 17-line stack trace of its own.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import {
  launcher,
  launcherWithFileLimit,
  projectRoot,
  readCsv,
  readManifest,
  tempDir,
  waitForRows,
} from './cli-harness.js';

const config = join(projectRoot, 'config/default.json');
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

test('a manifest that cannot be written: one line, exit 1, the CSVs kept and the claim released', async () => {
  const out = join(dir.path, 'planted');
  const run = launcher(['run', config, '--out', out, '--machines', '2', '--duration', '60'], dir.path);
  try {
    await waitForRows(join(out, 'vm-0.csv'), 1, run);
    await mkdir(join(out, 'manifest.json'));
    // The run ends when told to, after the folder is planted, however slowly this test got here.
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line.includes('manifest.json'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^run failed: cannot rename .*manifest\.json\.\d+\.tmp to .*manifest\.json \(EISDIR\); the files already written are kept in /,
      ),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // No manifest was written: the start record stays, for readers to read the run from.
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'run-start.json', 'vm-0.csv', 'vm-1.csv']);
    for (const vm of [0, 1]) expect((await readCsv(join(out, `vm-${vm}.csv`))).rows.length).toBeGreaterThan(0);
  } finally {
    run.kill('SIGKILL');
  }
});

/** A short run of 2 VMs whose files may grow to `kib` KiB: their CSVs stop growing mid-run. */
function limitedRun(kib: number, out: string) {
  const args = ['run', config, '--out', out, '--machines', '2', '--duration', '3', '--clock-rate', '80-100'];
  return launcherWithFileLimit(kib, args, dir.path);
}

const failedLine = (out: string, then = '') =>
  new RegExp(
    `^run failed: VM [01] cannot write ${out}/vm-[01]\\.csv \\(EFBIG\\)${then}; the files already written are kept in ${out}$`,
  );

test('a VM whose CSV cannot be written: one line naming the VM and the file, exit 1, every row and the manifest kept', async () => {
  const out = join(dir.path, 'limited');
  const result = await limitedRun(8, out);
  expect(result.exitCode).toBe(1);
  const lines = String(result.all).split('\n');
  expect(lines.filter((line) => line.startsWith('run failed'))).toEqual([expect.stringMatching(failedLine(out))]);
  expect(result.all).not.toMatch(/\n\s+at |Node\.js v|Error:/);
  expect((await readdir(out)).sort()).toEqual(['manifest.json', 'vm-0.csv', 'vm-1.csv']);
  const manifest = await readManifest(out);
  expect(manifest.status).toBe('failed');
  expect(manifest.reason).toMatch(/^VM [01] cannot write .*vm-[01]\.csv \(EFBIG\)$/);
  for (const vm of [0, 1]) {
    // Every row that reached the file is there: up to the limit, a cut row at most at the end.
    const text = await readFile(join(out, `vm-${vm}.csv`), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(50);
  }
});

test('when the manifest cannot be written either, the one line says both, the VM first', async () => {
  const out = join(dir.path, 'tiny');
  const result = await limitedRun(1, out);
  expect(result.exitCode).toBe(1);
  const lines = String(result.all).split('\n');
  const then = `; then cannot write ${out}/manifest\\.json \\(EFBIG\\)`;
  expect(lines.filter((line) => line.startsWith('run failed'))).toEqual([expect.stringMatching(failedLine(out, then))]);
  expect(result.all).not.toMatch(/\n\s+at |Node\.js v|Error:/);
  // No manifest was written: the start record stays, for readers to read the run from.
  expect((await readdir(out)).sort()).toEqual(['run-start.json', 'vm-0.csv', 'vm-1.csv']);
});
