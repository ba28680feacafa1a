/**
 * A run's or an experiment's folder claimed before its command takes the stop signals: a signal meanwhile waits for
 * the claim, which is then undone (the claim released, the folder removed if the claim made it, and the parents it
 * made with it, such as `logs/` on a fresh clone) before the interrupted line says that nothing was written.
 */
import { lstat, rmdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FolderResult } from '../run-folder/folder-writer.js';
import { deferringStartupStop } from '../shared/startup-stop.js';

export async function claimBeforeStart(dir: string, claim: () => Promise<FolderResult>): Promise<FolderResult> {
  const missing = await missingFolders(dir);
  return deferringStartupStop(claim, async (made) => {
    if (!made.ok) return undefined;
    await made.release();
    await removeMade(missing);
    return undefined;
  });
}

/** `dir` and each parent of it that does not exist yet, deepest first: what a claim of `dir` makes. */
export async function missingFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const exists = await lstat(at).then(
      () => true,
      () => false,
    );
    if (exists || dirname(at) === at) return missing;
    missing.push(at);
  }
}

/**
 * Removes the folders a claim made, deepest first, each only while empty (rmdir removes nothing else): one that
 * another process put something in meanwhile stays, and so do its parents.
 */
export async function removeMade(folders: readonly string[]): Promise<void> {
  for (const folder of folders) {
    const removed = await rmdir(folder).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}
