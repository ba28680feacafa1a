/**
 * How every run file is created: exclusively (never over a file that is there) and never through a symlink, so that
 * a second launcher or a planted link cannot make a run write into another file. Plain node:fs: the VMs use it too.
 */
import { constants } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { namingFile } from './io-failure.js';

/** A new file; fails with EEXIST when anything (a file, a FIFO, a symlink, even a dangling one) has the name. */
export const createExclusive = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** A file appended to (created when missing); ELOOP when the name is a symlink. */
export const appendNoFollow = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

export const runFileMode = 0o644;

export function openExclusive(file: string): Promise<FileHandle> {
  return open(file, createExclusive, runFileMode);
}

/**
 * `text` as `file`, all at once: written to a new temporary name beside it (exclusive, so never through a link
 * planted there), then renamed over `file` (a rename replaces the name itself, never a link's target).
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await openExclusive(temporary);
  try {
    await handle.writeFile(text);
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => {});
    throw namingFile(error, file);
  }
  await handle.close();
  await rename(temporary, file).catch(async (error: unknown) => {
    await unlink(temporary).catch(() => {});
    throw error;
  });
}
