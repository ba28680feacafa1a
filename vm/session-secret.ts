/**
 * The secret of VMs run by hand, which have no launcher to hand one out: `CLOCKLAB_SECRET` when set, otherwise a
 * random 256-bit value in `<out>/.clocklab-secret`, created by the first VM of the session (exclusively, mode 0600,
 * written in full before it appears under its name) and read by the others. A file that is not a regular file of
 * this user readable by nobody else (a symlink, another owner, group or world bits) is refused: another user could
 * have planted it to know the secret. Removed once the VMs agreed on a start, so each session draws its own.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const secretFileName = '.clocklab-secret';

export type SessionSecret = { ok: true; secret: string; file: string | undefined } | { ok: false; detail: string };

const secretText = /^[0-9a-f]{64}\n?$/;

export async function sessionSecret(outDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SessionSecret> {
  const fromEnv = env.CLOCKLAB_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') return { ok: true, secret: fromEnv, file: undefined };
  const file = join(outDir, secretFileName);
  const created = await createSecret(file);
  if (created !== undefined) return { ok: true, secret: created, file };
  return readSecret(file);
}

/** Removes the session's file (once every VM has it); a file already gone is fine. */
export async function removeSessionSecret(file: string | undefined): Promise<void> {
  if (file !== undefined) await unlink(file).catch(() => {});
}

/** The new secret, or undefined when the file exists already (another VM of the session made it). */
async function createSecret(file: string): Promise<string | undefined> {
  const secret = randomBytes(32).toString('hex');
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(draft, flags, 0o600);
  try {
    await handle.writeFile(`${secret}\n`);
  } finally {
    await handle.close();
  }
  try {
    // link() never replaces and never follows a symlink at `file`: whoever links first made the session's secret.
    await link(draft, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await unlink(draft).catch(() => {});
  }
}

async function readSecret(file: string): Promise<SessionSecret> {
  const refuse = (why: string): SessionSecret => ({
    ok: false,
    detail: `${file}: ${why}; remove it (or set CLOCKLAB_SECRET) and start the session again`,
  });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === 'ELOOP' ? 'is a symlink' : `cannot be read (${code})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return refuse('is not a regular file');
    if (process.getuid !== undefined && info.uid !== process.getuid()) return refuse(`belongs to user ${info.uid}`);
    if ((info.mode & 0o077) !== 0) return refuse(`has mode ${(info.mode & 0o777).toString(8)}, not 600`);
    const text = await handle.readFile('utf8');
    return secretText.test(text) ? { ok: true, secret: text.trim(), file } : refuse('does not hold a secret');
  } finally {
    await handle.close();
  }
}
