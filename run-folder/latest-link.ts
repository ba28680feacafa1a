/**
 * `<logs>/latest`: a symlink to the newest run (relative, so the logs folder can move). Only a symlink is ever
 * replaced, and atomically (a new link under a temporary name, renamed over it): a file or folder a user keeps under
 * that name is theirs, so it is left as it is, and the run says so in one line.
 */
import { lstat, rename, symlink, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { errorCode } from './unreadable.js';

const latestLinkName = 'latest';

/** `line`: the note the run prints, naming the link and why it was left. */
export type LatestResult = { kind: 'pointed' } | { kind: 'left'; line: string };

/** `<logs>/latest` for `runDir`, a folder of `<logs>`. */
export function latestLinkOf(runDir: string): string {
  return join(dirname(runDir), latestLinkName);
}

/** Points `<logs>/latest` at `runDir`, a folder of `<logs>`. */
export async function pointLatest(runDir: string): Promise<LatestResult> {
  const link = latestLinkOf(runDir);
  const left = (why: string): LatestResult => ({
    kind: 'left',
    line: `note: ${link} was not updated to this run: ${why}`,
  });
  let found: 'nothing' | 'link' | 'folder' | 'file';
  try {
    const stats = await lstat(link);
    found = stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'folder' : 'file';
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return left(`cannot read it (${errorCode(error)})`);
    found = 'nothing';
  }
  if (found === 'folder' || found === 'file') return left(`it is a ${found}, not a link, and is left as it is`);
  const cannot = (error: unknown) =>
    left(`cannot ${found === 'nothing' ? 'create' : 'replace'} it (${errorCode(error)})`);
  const temporary = `${link}.${process.pid}.tmp`;
  try {
    // Fails on any name already there (symlink never follows or replaces one).
    await symlink(relative(dirname(link), runDir) || basename(runDir), temporary);
  } catch (error) {
    return cannot(error);
  }
  try {
    // Never over a folder; a file made under the name since the lstat above is the one thing it would replace.
    await rename(temporary, link);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    return cannot(error);
  }
  return { kind: 'pointed' };
}
