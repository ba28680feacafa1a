/**
 * An output name that is not a plain file, through the built CLI: a named pipe (as `--out >(gzip > x.gz)` gives, or
 * /dev/null, a device) is written into and stays what it is, a pipe nobody reads is refused at once rather than waited
 * on, and a link is written through (its target gets the page, the link stays), unless it leads to one of the run's
 * own files. A rename over such a name replaced the pipe, the device node or the link with a file.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { launcher, tempDir } from './cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
const run = () => join(dir.path, 'run');
beforeAll(async () => {
  dir = await tempDir();
  await mkdir(run());
  // A few KB of log: it fits in a pipe's buffer, so the test reads it once the export has ended.
  await writeSyntheticRun(run(), { rows: 300, machines: 3, seed: 4 });
});
afterAll(() => dir.remove());

/** Everything in the pipe read from `fd` (non-blocking), up to its end. */
function drain(fd: number): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(65536);
  for (;;) {
    const n = readSync(fd, buffer);
    if (n === 0) return Buffer.concat(chunks).toString('utf8');
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
}

describe('an output that is not a plain file', () => {
  test('export --out a named pipe with a reader: the log goes into the pipe, which stays a pipe', async () => {
    const fifo = join(dir.path, 'read.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const result = await launcher(['export', run(), '--format', 'shiviz', '--out', fifo], dir.path);
      expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
        exitCode: 0,
        stderr: `exported 300 events of 3 hosts to ${fifo}; vector clocks as logged`,
      });
      const log = drain(reader);
      expect(log.split('\n')[0]).toMatch(/^\(\?<host>/);
      expect(log.trimEnd().split('\n')).toHaveLength(302);
    } finally {
      closeSync(reader);
    }
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  test('export --out a named pipe nobody reads: exit 2 at once, one line saying why, the pipe kept', async () => {
    const fifo = join(dir.path, 'unread.fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await launcher(['export', run(), '--format', 'shiviz', '--out', fifo], dir.path);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 2,
      stderr: `cannot write ${fifo} (ENXIO: no process is reading that pipe)`,
    });
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  test('report --out a link: the page is written at its target, the link kept', async () => {
    const target = join(dir.path, 'pages', 'run.html');
    const link = join(dir.path, 'latest.html');
    await mkdir(join(dir.path, 'pages'));
    await writeFile(target, 'earlier\n');
    await symlink(target, link);
    const result = await launcher(['report', run(), '--out', link], dir.path);
    expect(result.exitCode).toBe(0);
    expect(await readlink(link)).toBe(target);
    expect(await readFile(target, 'utf8')).toMatch(/^<!doctype html>/);
  });

  test("export --out a link to one of the run's files: refused, the file untouched", async () => {
    const link = join(dir.path, 'csv-link');
    await symlink(join(run(), 'vm-0.csv'), link);
    const before = await readFile(join(run(), 'vm-0.csv'), 'utf8');
    const result = await launcher(['export', run(), '--format', 'shiviz', '--out', link], dir.path);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 2,
      stderr: `cannot write ${link}: one of the own files of the run ${run()}; give another file`,
    });
    expect(await readFile(join(run(), 'vm-0.csv'), 'utf8')).toBe(before);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });
});
