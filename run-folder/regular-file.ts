/**
 * Readers open only regular files. A FIFO (or a device) planted under a run file's name would block an open or a
 * read forever; opened non-blocking and checked with fstat, it is refused at once. The check is on the opened
 * descriptor, so the name cannot be swapped between the check and the read.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { errorCode } from './unreadable.js';

export type OpenedFile = { ok: true; handle: FileHandle; size: number } | { ok: false; code: string; detail: string };

/** O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting; a regular file is unaffected. */
const readFlags = constants.O_RDONLY | constants.O_NONBLOCK;

/** `code`: the fs error code (ENOENT...), or `ENOTREG` for something that is not a regular file. */
export async function openRegular(file: string): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(file, readFlags);
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, code, detail: `cannot open (${code})` };
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { ok: true, handle, size: stats.size };
    await handle.close();
    return { ok: false, code: 'ENOTREG', detail: `not a regular file (${kindOf(stats)}); only regular files are read` };
  } catch (error) {
    await handle.close().catch(() => {});
    const code = errorCode(error);
    return { ok: false, code, detail: `cannot read (${code})` };
  }
}

/** A small file (manifest, cache) as text, refused past `maxBytes` rather than read into memory whole. */
export async function readRegularText(
  file: string,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; code: string; detail: string }> {
  const opened = await openRegular(file);
  if (!opened.ok) return opened;
  try {
    if (opened.size > maxBytes) {
      return { ok: false, code: 'EFBIG', detail: `${opened.size} bytes; allowed: at most ${maxBytes}` };
    }
    return { ok: true, text: await opened.handle.readFile('utf8') };
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, code, detail: `cannot read (${code})` };
  } finally {
    await opened.handle.close().catch(() => {});
  }
}

function kindOf(stats: { isFIFO(): boolean; isDirectory(): boolean; isSocket(): boolean }): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a folder';
  return stats.isSocket() ? 'a socket' : 'a device';
}
