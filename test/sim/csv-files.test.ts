import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ioFailureLine } from '../../run-folder/io-failure.js';
import { CsvFiles } from '../../sim/csv-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-csv-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('a vm-K.csv planted before the files are opened fails in one line, and no file is left open', async () => {
  const openFds = async () => (await readdir('/proc/self/fd')).length;
  await mkdir(join(dir, 'vm-2.csv'));
  const before = await openFds();
  let thrown: unknown;
  try {
    new CsvFiles(dir, 4);
  } catch (error) {
    thrown = error;
  }
  expect(ioFailureLine(thrown)).toBe(`cannot create ${join(dir, 'vm-2.csv')} (EEXIST)`);
  expect(await openFds()).toBe(before);
  expect((await readdir(dir)).sort()).toEqual(['vm-0.csv', 'vm-1.csv', 'vm-2.csv']);
});
