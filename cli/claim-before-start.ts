/**
 * A run's or an experiment's folder claimed before its command takes the stop signals: a signal meanwhile waits for
 * the claim, which is then undone (the claim released, the folder removed if the claim made it) before the
 * interrupted line says that nothing was written.
 */
import { lstat, rmdir } from 'node:fs/promises';
import type { FolderResult } from '../run-folder/folder-writer.js';
import { deferringStartupStop } from '../shared/startup-stop.js';

export async function claimBeforeStart(dir: string, claim: () => Promise<FolderResult>): Promise<FolderResult> {
  const existed = await lstat(dir).then(
    () => true,
    () => false,
  );
  return deferringStartupStop(claim, async (made) => {
    if (!made.ok) return undefined;
    await made.release();
    // Empty once released: rmdir removes nothing else, and leaves a folder that was there before alone.
    if (!existed) await rmdir(dir).catch(() => {});
    return undefined;
  });
}
