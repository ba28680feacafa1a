import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFileAtomically } from '../../run-folder/exclusive-file.js';
import { claimFileName, createRunFolder } from '../../run-folder/folder-writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-folder-writer-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('createRunFolder', () => {
  test('of many claims on one new folder at once exactly one succeeds; the others say why', async () => {
    const run = join(dir, 'contended');
    const claims = await Promise.all(Array.from({ length: 12 }, () => createRunFolder(run)));
    const won = claims.filter((c) => c.ok);
    expect(won).toHaveLength(1);
    for (const claim of claims) if (!claim.ok) expect(claim.reason).toBe('claimed');
    expect(await readdir(run)).toEqual([claimFileName]);
    if (won[0]?.ok) await won[0].release();
    expect(await readdir(run)).toEqual([]);
  });

  test('an existing empty folder is claimed; one with files, a link, a file or a stranger folder is refused', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const claim = await createRunFolder(empty);
    expect(claim.ok).toBe(true);
    const full = join(dir, 'full');
    await mkdir(full);
    await writeFile(join(full, 'vm-0.csv'), '');
    expect(await createRunFolder(full)).toMatchObject({ ok: false, reason: 'not-empty' });
    expect(await readdir(full)).toEqual(['vm-0.csv']);
    const link = join(dir, 'link');
    await symlink(empty, link);
    expect(await createRunFolder(link)).toMatchObject({ ok: false, reason: 'not-a-folder' });
    expect(await createRunFolder(join(full, 'vm-0.csv'))).toMatchObject({ ok: false, reason: 'not-a-folder' });
    const uid = (await lstat(empty)).uid;
    const other = join(dir, 'other');
    expect(await createRunFolder(other, uid + 1)).toMatchObject({ ok: false, reason: 'not-owner' });
  });
});

describe('writeFileAtomically', () => {
  test('replaces the name, never writes through a link planted there', async () => {
    const target = join(dir, 'target.txt');
    await writeFile(target, 'precious\n');
    const file = join(dir, 'manifest.json');
    await symlink(target, file);
    await writeFileAtomically(file, '{}\n');
    expect(await readFile(target, 'utf8')).toBe('precious\n');
    expect((await lstat(file)).isFile()).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('{}\n');
  });
});
