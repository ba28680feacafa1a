/**
 * The commands the launcher runs in a host's shell on a VM's file there (fetch its rows, cut it back, set it aside)
 * never go through a symbolic link planted in its place: run here with a real `sh`, on a real link to a file of
 * someone else's, which must come out as it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { fetchChunkCommand } from '../../launcher/remote-csv-fetch.js';
import { setAsideCommand } from '../../launcher/remote-cut-back.js';
import { cutBackCommand } from '../../launcher/remote-vm-exit.js';

let dir: string;
let file: string;
let other: string;
const otherText = 'tick,not,the,vm,rows\n'.repeat(20);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-links-'));
  file = join(dir, 'vm-0.csv');
  other = join(dir, 'someone-else.txt');
  await writeFile(other, otherText);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sh = (command: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8' });
const refusal = 'a symbolic link stands in place of its file there: not followed';

test("the fetch reads the VM's own file, and refuses a link in its place", async () => {
  await writeFile(file, 'header\nrow0\nrow1\n');
  // The file's size there, then the chunk from byte 7 in base64.
  const [size, chunk] = execFileSync('sh', ['-c', fetchChunkCommand(file, 7, 64)], { encoding: 'utf8' }).split('\n');
  expect([size, Buffer.from(chunk ?? '', 'base64').toString()]).toEqual(['17', 'row0\nrow1\n']);
  await rm(file);
  await symlink(other, file);
  const fetched = sh(fetchChunkCommand(file, 0, 64));
  expect({ status: fetched.status, out: fetched.stdout.trim() }).toEqual({ status: 1, out: refusal });
});

test('a cut-back or a set-aside through a planted link leaves the linked file whole', async () => {
  await symlink(other, file);
  const cut = sh(cutBackCommand(file, 5));
  expect({ status: cut.status, out: cut.stdout.trim() }).toEqual({ status: 1, out: refusal });
  const aside = sh(setAsideCommand(file, join(dir, 'vm-0.life-1.csv'), 5));
  expect({ status: aside.status, out: aside.stdout.trim() }).toEqual({ status: 1, out: refusal });
  expect(await readFile(other, 'utf8')).toBe(otherText);
});
