import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { missingFolders, removeMade } from '../../cli/claim-before-start.js';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'claim-undo-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

test('the folders a claim would make are the run folder and its missing parents, deepest first', async () => {
  await expect(missingFolders(join(base, 'logs', 'run-1'))).resolves.toEqual([
    join(base, 'logs', 'run-1'),
    join(base, 'logs'),
  ]);
  await expect(missingFolders(base)).resolves.toEqual([]);
});

test('undoing a claim removes the logs folder it made, not one that was there before', async () => {
  const made = await missingFolders(join(base, 'logs', 'run-1'));
  await mkdir(join(base, 'logs', 'run-1'), { recursive: true });
  await removeMade(made);
  expect(await exists(join(base, 'logs'))).toBe(false);
  expect(await exists(base)).toBe(true);
});

test('a parent that another process put a file in meanwhile stays, with the file', async () => {
  const made = await missingFolders(join(base, 'logs', 'run-1'));
  await mkdir(join(base, 'logs', 'run-1'), { recursive: true });
  await writeFile(join(base, 'logs', 'other.csv'), 'x');
  await removeMade(made);
  expect(await exists(join(base, 'logs', 'run-1'))).toBe(false);
  expect(await exists(join(base, 'logs', 'other.csv'))).toBe(true);
});
