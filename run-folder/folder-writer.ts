/** The run folder on disk: claimed fresh (never over an earlier or a concurrent run), the manifest, `logs/latest`. */
import { lstat, mkdir, readdir, readFile, symlink, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openExclusive, writeFileAtomically } from './exclusive-file.js';
import { type Manifest, manifestFileName } from './manifest.js';
import { errorCode } from './unreadable.js';

/** Held in the run folder while a launcher writes it: the claim. */
export const claimFileName = '.launcher-claim';

export type ClaimRefusal = 'not-empty' | 'claimed' | 'not-a-folder' | 'not-owner' | 'unwritable';
export type FolderResult = { ok: true; release(): Promise<void> } | { ok: false; reason: ClaimRefusal; detail: string };

/**
 * Claims `dir` for one run, atomically: of two launchers given the same folder at the same instant exactly one gets
 * it. The folder (created if need be) must be a real folder (not a link), owned by this user, and empty; it is
 * claimed by creating `.launcher-claim` in it exclusively, which only one process can do, and only then checked
 * for emptiness. `release()` removes that file once the run is written.
 */
export async function createRunFolder(dir: string, uid = process.getuid?.()): Promise<FolderResult> {
  try {
    await mkdir(dir, { recursive: true }).catch((error: unknown) => {
      // A file by that name: said below, as for a link.
      if (errorCode(error) !== 'EEXIST') throw error;
    });
    const stats = await lstat(dir);
    if (!stats.isDirectory()) {
      return { ok: false, reason: 'not-a-folder', detail: `${dir} is not a folder (a link or a file); give a folder` };
    }
    if (uid !== undefined && stats.uid !== uid) {
      return {
        ok: false,
        reason: 'not-owner',
        detail: `${dir} belongs to user ${stats.uid}, not to you (${uid}); give a folder of your own`,
      };
    }
    const claim = join(dir, claimFileName);
    const handle = await openExclusive(claim).catch((error: unknown) => {
      if (errorCode(error) === 'EEXIST') return null;
      throw error;
    });
    if (handle === null) {
      return { ok: false, reason: 'claimed', detail: `${dir} is being used by another launcher; give another folder` };
    }
    await handle.close();
    const release = () => unlink(claim).catch(() => {});
    const entries = (await readdir(dir)).filter((name) => name !== claimFileName);
    if (entries.length > 0) {
      await release();
      return { ok: false, reason: 'not-empty', detail: `${dir} already holds files; give an empty or new folder` };
    }
    return { ok: true, release };
  } catch (error) {
    return { ok: false, reason: 'unwritable', detail: `${dir}: ${errorCode(error)}` };
  }
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  // Whole or not at all, so a reader never sees half a manifest.
  await writeFileAtomically(join(dir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Points `<logs>/latest` at the newest run (relative, so the logs folder can move). */
export async function pointLatest(runDir: string): Promise<void> {
  const link = join(dirname(runDir), 'latest');
  await unlink(link).catch(() => {});
  await symlink(relative(dirname(link), runDir) || basename(runDir), link).catch(() => {});
}

export async function clocklabVersion(): Promise<string> {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
