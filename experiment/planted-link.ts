/**
 * A name planted in an experiment folder where a variant's or a trial's folder goes: a link there had the trials
 * written wherever it pointed, outside the experiment (the claim checks only a trial folder's last part). The same
 * line refuses it before the trials (prepare-folder.ts) and as each trial's folder is made (trial-run-folder.ts).
 */
import { lstat } from 'node:fs/promises';

/** The line refusing what is at `path`, when it is there and not a real folder. */
export async function plantedLink(path: string): Promise<string | undefined> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined || stats.isDirectory()) return undefined;
  const what = stats.isSymbolicLink() ? 'a link' : 'a file';
  return `${path} is ${what}, not a folder: an experiment writes its trials only inside its own folder`;
}
