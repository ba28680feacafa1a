import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createAtomically, removeTemporariesNow } from '../../run-folder/exclusive-file.js';

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clocklab-exclusive-file-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function folder(name: string): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir);
  return dir;
}

describe('createAtomically', () => {
  test('the pieces, in order, appear under the name only at commit; nothing is left beside it', async () => {
    const dir = await folder('pieces');
    const file = join(dir, 'out.txt');
    const out = await createAtomically(file);
    const pieces = Array.from({ length: 50 }, (_, i) => `${String(i).repeat(1000)}\n`);
    for (const piece of pieces) expect(out.write(piece)).toBe(true);
    expect(await readdir(dir)).toEqual([`out.txt.${process.pid}.tmp`]);
    await out.commit();
    expect(await readFile(file, 'utf8')).toBe(pieces.join(''));
    expect(await readdir(dir)).toEqual(['out.txt']);
  });

  test('removeTemporariesNow (a signal ending the command) removes the files being written, never one in place', async () => {
    const dir = await folder('signalled');
    const done = join(dir, 'summary.json');
    const written = await createAtomically(done);
    written.write('{}\n');
    await written.commit();
    const page = join(dir, 'report.html');
    await writeFile(page, 'earlier\n');
    const half = await createAtomically(page);
    half.write('<html>');
    expect((await readdir(dir)).sort()).toEqual(['report.html', `report.html.${process.pid}.tmp`, 'summary.json']);
    removeTemporariesNow();
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'summary.json']);
    expect(await readFile(page, 'utf8')).toBe('earlier\n');
    expect(await readFile(done, 'utf8')).toBe('{}\n');
    await half.discard();
  });

  test('a name near the length limit is written (its temporary name is cut to fit), and nothing is left beside it', async () => {
    const dir = await folder('long-name');
    for (const name of [`${'x'.repeat(250)}.html`, `${'é'.repeat(125)}.html`]) {
      const file = join(dir, name);
      const out = await createAtomically(file);
      out.write('page\n');
      await out.commit();
      expect(await readFile(file, 'utf8')).toBe('page\n');
    }
    expect((await readdir(dir)).length).toBe(2);
  });

  test('discard leaves the earlier file as it was and removes the temporary one', async () => {
    const dir = await folder('discarded');
    const file = join(dir, 'out.txt');
    await writeFile(file, 'earlier\n');
    const out = await createAtomically(file);
    out.write('new\n');
    await out.discard();
    expect(await readdir(dir)).toEqual(['out.txt']);
    expect(await readFile(file, 'utf8')).toBe('earlier\n');
  });

  test('a folder by the name: commit rejects (EISDIR), the temporary file removed', async () => {
    const dir = await folder('onto-folder');
    const file = join(dir, 'out.txt');
    await mkdir(file);
    const out = await createAtomically(file);
    out.write('text\n');
    await expect(out.commit()).rejects.toMatchObject({ code: 'EISDIR' });
    expect(await readdir(dir)).toEqual(['out.txt']);
  });

  test('a link planted at the temporary name: refused (EEXIST), its target untouched', async () => {
    const dir = await folder('planted');
    const target = join(dir, 'target.txt');
    await writeFile(target, 'precious\n');
    await symlink(target, join(dir, `out.txt.${process.pid}.tmp`));
    await expect(createAtomically(join(dir, 'out.txt'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(target, 'utf8')).toBe('precious\n');
  });
});
