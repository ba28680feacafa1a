import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openOutput, outputErrorDetail, resolveOutput } from '../../run-folder/output-file.js';

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clocklab-output-file-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('resolveOutput', () => {
  test('a new name, a file and a folder are written whole at their own name', async () => {
    const file = join(scratch, 'file.txt');
    await writeFile(file, 'x');
    await mkdir(join(scratch, 'folder'));
    for (const name of [join(scratch, 'new.txt'), file, join(scratch, 'folder')]) {
      expect(await resolveOutput(name)).toEqual({ path: name, into: 'whole-file' });
    }
  });

  test("a link to a file is written whole at the link's target; a link to nothing at its own name", async () => {
    const target = join(scratch, 'target.txt');
    await writeFile(target, 'x');
    await symlink(target, join(scratch, 'to-target'));
    await symlink(join(scratch, 'nowhere'), join(scratch, 'dangling'));
    expect(await resolveOutput(join(scratch, 'to-target'))).toEqual({ path: target, into: 'whole-file' });
    expect(await resolveOutput(join(scratch, 'dangling'))).toEqual({
      path: join(scratch, 'dangling'),
      into: 'whole-file',
    });
  });

  test('a named pipe and a device are streams', async () => {
    const fifo = join(scratch, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(await resolveOutput(fifo)).toEqual({ path: fifo, into: 'stream', pipe: true });
    expect(await resolveOutput('/dev/null')).toEqual({ path: '/dev/null', into: 'stream' });
  });
});

describe('openOutput', () => {
  test('through a link: the target takes the text at commit, the link stays, nothing is left beside them', async () => {
    const folder = join(scratch, 'linked');
    await mkdir(folder);
    const target = join(folder, 'page.html');
    await writeFile(target, 'earlier\n');
    await symlink(target, join(folder, 'link.html'));
    const out = await openOutput(await resolveOutput(join(folder, 'link.html')));
    out.write('new\n');
    expect(await readFile(target, 'utf8')).toBe('earlier\n');
    await out.commit();
    expect(await readFile(join(folder, 'link.html'), 'utf8')).toBe('new\n');
    expect((await readdir(folder)).sort()).toEqual(['link.html', 'page.html']);
  });

  test('a pipe nobody reads: refused at once (ENXIO), said plainly', async () => {
    const fifo = join(scratch, 'unread');
    execFileSync('mkfifo', [fifo]);
    const error = await openOutput(await resolveOutput(fifo)).catch((e: unknown) => e);
    expect(outputErrorDetail(error)).toBe('ENXIO: no process is reading that pipe');
  });

  test('a device: written straight into; a failed write (/dev/full) rejects at commit', async () => {
    const sink = await openOutput(await resolveOutput('/dev/null'));
    sink.write('text\n');
    await sink.commit();
    const full = await openOutput(await resolveOutput('/dev/full'));
    full.write('text\n');
    await expect(full.commit()).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});
