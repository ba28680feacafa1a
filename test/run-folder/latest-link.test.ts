import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { pointLatest } from '../../run-folder/latest-link.js';

let logs = '';
beforeEach(async () => {
  logs = await mkdtemp(join(tmpdir(), 'clocklab-latest-'));
  await mkdir(join(logs, 'run-1'));
  await mkdir(join(logs, 'run-2'));
});
afterEach(() => rm(logs, { recursive: true, force: true }));

const latest = () => join(logs, 'latest');

test('latest is created, then moved from run to run, relative to the logs folder', async () => {
  expect(await pointLatest(join(logs, 'run-1'))).toEqual({ kind: 'pointed' });
  expect(await readlink(latest())).toBe('run-1');
  expect(await pointLatest(join(logs, 'run-2'))).toEqual({ kind: 'pointed' });
  expect(await readlink(latest())).toBe('run-2');
  expect((await readdir(logs)).sort()).toEqual(['latest', 'run-1', 'run-2']);
});

test("a file named latest is the user's: left as it is, with one line saying why", async () => {
  await writeFile(latest(), 'MINE\n');
  expect(await pointLatest(join(logs, 'run-1'))).toEqual({
    kind: 'left',
    line: `note: ${latest()} was not updated to this run: it is a file, not a link, and is left as it is`,
  });
  expect(await readFile(latest(), 'utf8')).toBe('MINE\n');
  expect((await readdir(logs)).sort()).toEqual(['latest', 'run-1', 'run-2']);
});

test('a folder named latest is left as it is, with one line saying why', async () => {
  await mkdir(latest());
  await writeFile(join(latest(), 'notes.txt'), 'x');
  expect(await pointLatest(join(logs, 'run-1'))).toEqual({
    kind: 'left',
    line: `note: ${latest()} was not updated to this run: it is a folder, not a link, and is left as it is`,
  });
  expect(await readdir(latest())).toEqual(['notes.txt']);
});

test('a name planted at the temporary link: latest is left, the planted name too, one line says why', async () => {
  await symlink('run-1', latest());
  const planted = `${latest()}.${process.pid}.tmp`;
  await writeFile(planted, 'planted\n');
  expect(await pointLatest(join(logs, 'run-2'))).toEqual({
    kind: 'left',
    line: `note: ${latest()} was not updated to this run: cannot replace it (EEXIST)`,
  });
  expect(await readlink(latest())).toBe('run-1');
  expect(await readFile(planted, 'utf8')).toBe('planted\n');
});
