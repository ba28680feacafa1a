import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { removeSessionSecret, secretFileName, sessionSecret } from '../../vm/session-secret.js';

describe('sessionSecret (VMs run by hand)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clocklab-secret-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const file = () => join(dir, secretFileName);

  test('the first VM creates a 256-bit secret in a 0600 file; the next reads the same one', async () => {
    const first = await sessionSecret(dir, {});
    if (!first.ok) throw new Error(first.detail);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(first.file).toBe(file());
    expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect(await sessionSecret(dir, {})).toEqual(first);
  });

  test('VMs starting at the same instant all end up with one secret, and no draft file is left', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => sessionSecret(dir, {})));
    const secrets = new Set(all.map((s) => (s.ok ? s.secret : s.detail)));
    expect(secrets.size).toBe(1);
    expect((await readFile(file(), 'utf8')).trim()).toBe([...secrets][0]);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual([secretFileName]);
  });

  test('CLOCKLAB_SECRET wins and no file is made', async () => {
    expect(await sessionSecret(dir, { CLOCKLAB_SECRET: 'from-env' })).toEqual({
      ok: true,
      secret: 'from-env',
      file: undefined,
    });
    await expect(stat(file())).rejects.toThrow();
  });

  test('a symlink in place of the file is refused, not followed', async () => {
    const target = join(dir, 'planted');
    await writeFile(target, `${'a'.repeat(64)}\n`, { mode: 0o600 });
    await symlink(target, file());
    const result = await sessionSecret(dir, {});
    expect(result).toEqual({ ok: false, detail: expect.stringMatching(/secret: is a symlink; remove it/) });
  });

  test('a file others may read is refused', async () => {
    await writeFile(file(), `${'b'.repeat(64)}\n`, { mode: 0o600 });
    await chmod(file(), 0o644);
    expect(await sessionSecret(dir, {})).toEqual({ ok: false, detail: expect.stringMatching(/has mode 644, not 600/) });
  });

  test('a file of another user is refused', async () => {
    await writeFile(file(), `${'c'.repeat(64)}\n`, { mode: 0o600 });
    const { chown } = await import('node:fs/promises');
    const other = (process.getuid?.() ?? 0) + 4321;
    const given = await chown(file(), other, other).then(
      () => true,
      () => false, // not root: this user cannot give a file away, so no one else can plant one as this user either
    );
    if (given)
      expect(await sessionSecret(dir, {})).toEqual({
        ok: false,
        detail: expect.stringMatching(`belongs to user ${other}`),
      });
  });

  test('a file without a secret is refused', async () => {
    await writeFile(file(), 'not a secret\n', { mode: 0o600 });
    expect(await sessionSecret(dir, {})).toEqual({
      ok: false,
      detail: expect.stringMatching(/does not hold a secret/),
    });
  });

  test('removeSessionSecret deletes the file, so the next session draws a new secret', async () => {
    const first = await sessionSecret(dir, {});
    if (!first.ok) throw new Error(first.detail);
    await removeSessionSecret(first.file);
    await removeSessionSecret(first.file); // already gone: fine
    const second = await sessionSecret(dir, {});
    expect(second.ok && second.secret).not.toBe(first.secret);
  });
});
