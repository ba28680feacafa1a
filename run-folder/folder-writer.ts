/** The run folder on disk: claimed fresh (never over an earlier or a concurrent run), and the manifest. */

import type { Stats } from 'node:fs';
import { link, lstat, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFolders } from '../shared/make-folders.js';
import { isAlive } from '../shared/process-alive.js';
import { claimFileName, removeLeftClaimFiles, retiredClaimName, takeClaim } from './claim-file.js';
import { writeFileAtomically } from './exclusive-file.js';
import { isLeftFile, removeLeftStartDrafts } from './left-files.js';
import { type Manifest, manifestFileName } from './manifest.js';
import { readRegularText } from './regular-file.js';
import { errorCode } from './unreadable.js';

export type ClaimRefusal = 'not-empty' | 'claimed' | 'not-a-folder' | 'not-owner' | 'unwritable';
export type FolderResult =
  | { ok: true; release(): Promise<void> /** A line when a dead command's claim was taken over. */; stale?: string }
  | { ok: false; reason: ClaimRefusal; detail: string };
export type ClaimOptions = { mustBeEmpty: boolean; uid?: number | undefined; alive?: (pid: number) => boolean };

/** A fresh run folder: claimed, and empty (never over an earlier or a concurrent run). */
export function createRunFolder(dir: string, uid = process.getuid?.()): Promise<FolderResult> {
  return claimFolder(dir, { mustBeEmpty: true, uid });
}

/** What stands at a run folder's name instead: `a link or a file` read wrong for a FIFO made there. */
function whatIs(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a link';
  if (stats.isFile()) return 'a file';
  if (stats.isFIFO()) return 'a FIFO, a named pipe';
  return stats.isSocket() ? 'a socket' : 'a device';
}

/**
 * Claims `dir` for one command, atomically: of two launchers given the same folder at the same instant exactly one
 * gets it. The folder (created if need be) must be a real folder (not a link), owned by this user; it is claimed by
 * creating `.launcher-claim` in it exclusively, which only one process can do, and only then checked for emptiness
 * when `mustBeEmpty`. A claim whose recorded pid is dead was left by a killed command: it is taken over. `release()`
 * removes the claim file.
 */
export async function claimFolder(dir: string, options: ClaimOptions): Promise<FolderResult> {
  const { uid = process.getuid?.(), alive = isAlive } = options;
  try {
    await makeFolders(dir).catch((error: unknown) => {
      // A file by that name: said below, as for a link.
      if (errorCode(error) !== 'EEXIST') throw error;
    });
    const stats = await lstat(dir);
    if (!stats.isDirectory()) {
      return { ok: false, reason: 'not-a-folder', detail: `${dir} is not a folder (${whatIs(stats)}); give a folder` };
    }
    if (uid !== undefined && stats.uid !== uid) {
      return {
        ok: false,
        reason: 'not-owner',
        detail: `${dir} belongs to user ${stats.uid}, not to you (${uid}); give a folder of your own`,
      };
    }
    const claim = join(dir, claimFileName);
    let stale: string | undefined;
    let held = await takeClaim(claim);
    if (!held) {
      const holder = await claimHolder(claim);
      if (holder === undefined || alive(holder)) {
        const by = holder === undefined ? 'another launcher' : `another launcher (pid ${holder})`;
        return { ok: false, reason: 'claimed', detail: `${dir} is being used by ${by}; give another folder` };
      }
      // A folder refused for its files keeps its dead launcher's claim: readers name that launcher from it.
      if (options.mustBeEmpty && (await readdir(dir)).some((name) => !isLeftFile(name, alive))) return notEmpty(dir);
      // Moved aside under a name of our own first: of two takers of one stale claim only one rename succeeds.
      if (await retire(claim, holder)) {
        stale = `${dir}: took over the claim of launcher pid ${holder}, which is no longer running`;
        held = await takeClaim(claim);
      }
      if (!held) {
        return {
          ok: false,
          reason: 'claimed',
          detail: `${dir} is being used by another launcher; give another folder`,
        };
      }
    }
    const release = () => unlink(claim).catch(() => {});
    const names = await readdir(dir);
    await removeLeftClaimFiles(dir, names, alive);
    await removeLeftStartDrafts(dir, names, alive);
    if (options.mustBeEmpty) {
      const entries = names.filter((name) => !isLeftFile(name, alive));
      if (entries.length > 0) {
        await release();
        return notEmpty(dir);
      }
    }
    return { ok: true, release, ...(stale === undefined ? {} : { stale }) };
  } catch (error) {
    return { ok: false, reason: 'unwritable', detail: `${dir}: ${errorCode(error)}` };
  }
}

const notEmpty = (dir: string): FolderResult => ({
  ok: false,
  reason: 'not-empty',
  detail: `${dir} already holds files; give an empty or new folder`,
});

/**
 * The claim in `dir`, as a reader meets it: `pid` undefined when the claim holds no pid (claimHolder). Undefined when
 * there is no claim.
 */
export async function readClaim(dir: string): Promise<{ file: string; pid: number | undefined } | undefined> {
  const file = join(dir, claimFileName);
  const text = await claimText(file);
  return text === undefined ? undefined : { file, pid: pidIn(text) };
}

/**
 * The pid in a claim file; undefined when it holds none (a claim made without hard links whose command was killed
 * before writing it, see claim-file.ts) or it is not a claim of ours.
 */
async function claimHolder(claim: string): Promise<number | undefined> {
  return pidIn((await claimText(claim)) ?? '');
}

/**
 * A claim file's text: undefined when there is none, '' when it cannot be read as one. Only a regular file is read:
 * a FIFO planted under the claim's name would block the read (and the command) forever.
 */
async function claimText(claim: string): Promise<string | undefined> {
  const read = await readRegularText(claim, 64);
  if (read.ok) return read.text;
  return read.code === 'ENOENT' ? undefined : '';
}

function pidIn(text: string): number | undefined {
  const pid = Number(text.trim());
  return /^[1-9][0-9]*$/.test(text.trim()) && Number.isSafeInteger(pid) ? pid : undefined;
}

/** Removes the stale claim of `holder`; false when another taker got there first (or a live claim replaced it). */
async function retire(claim: string, holder: number): Promise<boolean> {
  const aside = retiredClaimName(claim, process.pid);
  try {
    await rename(claim, aside);
  } catch {
    return false;
  }
  if ((await claimHolder(aside)) !== holder) {
    // A live claim made since we read it: put it back, never over a newer one (link fails when the name is taken).
    await link(aside, claim).catch(() => {});
    await unlink(aside).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  // Whole or not at all, so a reader never sees half a manifest.
  await writeFileAtomically(join(dir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * clocklab's own package.json: two folders up from the built bundles (the CLI), one up from the sources (unit tests).
 * The built path stays a literal URL, which the bundle test follows.
 */
export async function clocklabVersion(): Promise<string> {
  const built = fileURLToPath(new URL('../../package.json', import.meta.url));
  const sources = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  for (const file of [built, sources]) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const pkg = text === undefined ? undefined : (JSON.parse(text) as { name?: string; version?: string });
    if (pkg?.name === 'clocklab' && pkg.version !== undefined) return pkg.version;
  }
  return 'unknown';
}
