import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { claimFileName } from '../../run-folder/claim-file.js';
import { writeFileAtomically } from '../../run-folder/exclusive-file.js';
import { claimFolder, clocklabVersion, createRunFolder, readClaim } from '../../run-folder/folder-writer.js';

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
    expect(await createRunFolder(link)).toMatchObject({
      ok: false,
      reason: 'not-a-folder',
      detail: `${link} is not a folder (a link); give a folder`,
    });
    const file = join(full, 'vm-0.csv');
    expect(await createRunFolder(file)).toMatchObject({
      ok: false,
      reason: 'not-a-folder',
      detail: `${file} is not a folder (a file); give a folder`,
    });
    // A FIFO is named as one, not as `a link or a file`.
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await createRunFolder(fifo)).toMatchObject({
      ok: false,
      reason: 'not-a-folder',
      detail: `${fifo} is not a folder (a FIFO, a named pipe); give a folder`,
    });
    const uid = (await lstat(empty)).uid;
    const other = join(dir, 'other');
    expect(await createRunFolder(other, uid + 1)).toMatchObject({ ok: false, reason: 'not-owner' });
  });
});

describe('claimFolder', () => {
  const deadPid = 4242;
  const alive = (pid: number) => pid !== deadPid;

  test('the claim file holds the claimer pid; a second claim is refused naming it', async () => {
    const folder = join(dir, 'held');
    const first = await claimFolder(folder, { mustBeEmpty: false, alive });
    expect(first.ok).toBe(true);
    expect(await readFile(join(folder, claimFileName), 'utf8')).toBe(`${process.pid}\n`);
    expect(await claimFolder(folder, { mustBeEmpty: false, alive })).toEqual({
      ok: false,
      reason: 'claimed',
      detail: `${folder} is being used by another launcher (pid ${process.pid}); give another folder`,
    });
    if (first.ok) await first.release();
    expect(await readdir(folder)).toEqual([]);
  });

  test('a claim left by a dead pid is taken over with one line, by exactly one of many claimers', async () => {
    const folder = join(dir, 'stale');
    await mkdir(folder);
    await writeFile(join(folder, claimFileName), `${deadPid}\n`);
    await writeFile(join(folder, 'plan.json'), '{}');
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => claimFolder(folder, { mustBeEmpty: false, alive })),
    );
    const won = claims.filter((c) => c.ok);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({
      stale: `${folder}: took over the claim of launcher pid ${deadPid}, which is no longer running`,
    });
    for (const claim of claims) if (!claim.ok) expect(claim.reason).toBe('claimed');
    expect(await readFile(join(folder, claimFileName), 'utf8')).toBe(`${process.pid}\n`);
    expect((await readdir(folder)).sort()).toEqual([claimFileName, 'plan.json']);
  });

  test('a claim holding no pid (not written whole: another tool, or made without hard links) counts as held', async () => {
    const folder = join(dir, 'unwritten');
    await mkdir(folder);
    await writeFile(join(folder, claimFileName), '');
    expect(await claimFolder(folder, { mustBeEmpty: false, alive })).toMatchObject({ ok: false, reason: 'claimed' });
  });

  test('a FIFO planted as the claim is refused at once (reading it blocked the command forever)', async () => {
    const folder = join(dir, 'fifo-claim');
    await mkdir(folder);
    execFileSync('mkfifo', [join(folder, claimFileName)]);
    expect(await claimFolder(folder, { mustBeEmpty: false, alive })).toMatchObject({ ok: false, reason: 'claimed' });
    expect(await readClaim(folder)).toEqual({ file: join(folder, claimFileName), pid: undefined });
    expect(await readClaim(join(dir, 'no-such-folder'))).toBeUndefined();
  });

  test("a dead command's claim draft or retired claim is removed on claiming; a live one's is left; neither is content", async () => {
    // What a command killed while it took a claim leaves (Ctrl-C as it starts): not a claim, and not the run's.
    const folder = join(dir, 'left-drafts');
    await mkdir(folder);
    const left = [`${claimFileName}.${deadPid}-1.new`, `${claimFileName}.stale-${deadPid}`];
    const live = [`${claimFileName}.${process.pid}-0.new`, `${claimFileName}.stale-${process.pid}`];
    for (const name of [...left, ...live]) await writeFile(join(folder, name), `${deadPid}\n`);
    const claim = await claimFolder(folder, { mustBeEmpty: true, alive });
    expect(claim.ok).toBe(true);
    expect((await readdir(folder)).sort()).toEqual([claimFileName, ...live].sort());
    expect(await readFile(join(folder, claimFileName), 'utf8')).toBe(`${process.pid}\n`);
  });

  test('a run folder whose stale claim is all it holds is claimed; with files it is refused, its claim left', async () => {
    const bare = join(dir, 'stale-bare');
    await mkdir(bare);
    await writeFile(join(bare, claimFileName), `${deadPid}\n`);
    expect(await claimFolder(bare, { mustBeEmpty: true, alive })).toMatchObject({ ok: true });
    const used = join(dir, 'stale-used');
    await mkdir(used);
    await writeFile(join(used, claimFileName), `${deadPid}\n`);
    await writeFile(join(used, 'vm-0.csv'), '');
    expect(await claimFolder(used, { mustBeEmpty: true, alive })).toMatchObject({ ok: false, reason: 'not-empty' });
    // The dead launcher's claim stays: readers of that folder name it (its run-start.json, its interrupted run).
    expect((await readdir(used)).sort()).toEqual([claimFileName, 'vm-0.csv']);
    expect(await readFile(join(used, claimFileName), 'utf8')).toBe(`${deadPid}\n`);
  });

  test("a dead launcher's run-start.json.<pid>.tmp is no content: removed on claiming; a live one's is content", async () => {
    // A launcher SIGKILLed inside its start record's write, before any VM wrote a CSV: its claim and that temporary.
    const left = join(dir, 'start-draft');
    await mkdir(left);
    await writeFile(join(left, claimFileName), `${deadPid}\n`);
    await writeFile(join(left, `run-start.json.${deadPid}.tmp`), '{"runId":');
    expect(await claimFolder(left, { mustBeEmpty: true, alive })).toMatchObject({ ok: true });
    expect(await readdir(left)).toEqual([claimFileName]);
    const live = join(dir, 'start-draft-live');
    await mkdir(live);
    await writeFile(join(live, `run-start.json.${process.ppid}.tmp`), '{"runId":');
    expect(await claimFolder(live, { mustBeEmpty: true, alive })).toMatchObject({ ok: false, reason: 'not-empty' });
    expect(await readdir(live)).toEqual([`run-start.json.${process.ppid}.tmp`]);
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

describe('clocklabVersion', () => {
  test("is package.json's version when run from the sources, as it is from dist/", async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await clocklabVersion()).toBe(pkg.version);
  });
});
