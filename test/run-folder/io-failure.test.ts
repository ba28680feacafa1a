import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ioFailureLine, orIoFailure } from '../../run-folder/io-failure.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-io-failure-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const failureOf = (action: Promise<unknown>) =>
  action.then(
    () => undefined,
    (error: unknown) => error,
  );

test('expected fs failures read as one line naming the file and the cause', async () => {
  const gone = join(dir, 'gone', 'vm-0.csv');
  expect(ioFailureLine(await failureOf(writeFile(gone, 'x')))).toBe(`cannot create ${gone} (ENOENT)`);
  const planted = join(dir, 'manifest.json');
  await mkdir(planted);
  await writeFile(join(dir, 'm.tmp'), '{}');
  expect(ioFailureLine(await failureOf(rename(join(dir, 'm.tmp'), planted)))).toBe(
    `cannot rename ${join(dir, 'm.tmp')} to ${planted} (EISDIR)`,
  );
});

test('anything else is not an expected failure (a bug keeps its stack)', () => {
  expect(ioFailureLine(new TypeError('x is undefined'))).toBeUndefined();
  expect(ioFailureLine(Object.assign(new Error('refused'), { code: 'ECONNREFUSED', syscall: 'connect' }))).toBe(
    undefined,
  );
  expect(ioFailureLine('ENOSPC')).toBeUndefined();
});

test('orIoFailure: an expected failure comes back as a value naming the file, a bug is thrown on', async () => {
  const gone = join(dir, 'vanished', 'manifest.json');
  expect(await orIoFailure(() => writeFile(gone, 'x'))).toEqual({
    kind: 'io-failure',
    line: `cannot create ${gone} (ENOENT)`,
  });
  expect(await orIoFailure(async () => 7)).toBe(7);
  await expect(
    orIoFailure(async () => {
      throw new TypeError('x is undefined');
    }),
  ).rejects.toThrow('x is undefined');
});
