/**
 * `mkdir -p`, one level at a time. Node 20's recursive mkdir retries for ever when the kernel answers ENOENT for a
 * folder whose parent exists (`--out /proc/x`: the launcher spun at 100% CPU and never ended), and reports EROFS (a
 * read-only mount) as ENOENT. Here each missing level is made with a plain mkdir, whose error is the kernel's own:
 * thrown as node:fs throws it. A folder already there is fine; a file by that name is EEXIST, as with mkdir -p.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const codeOf = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

export async function makeFolders(dir: string): Promise<void> {
  const target = resolve(dir);
  try {
    await mkdir(target);
    return;
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && (await stat(target).catch(() => undefined))?.isDirectory()) return;
    const parent = dirname(target);
    if (codeOf(error) !== 'ENOENT' || parent === target) throw error;
    // The parent may have come meanwhile (another command making the same path): then one more try, whose ENOENT is
    // the file system's own answer (/proc, /sys), which no retry changes.
    if (!(await stat(parent).catch(() => undefined))) await makeFolders(parent);
  }
  await mkdir(target).catch(async (error: unknown) => {
    if (codeOf(error) !== 'EEXIST' || !(await stat(target).catch(() => undefined))?.isDirectory()) throw error;
  });
}

/** The same, synchronous (a VM on another host makes its folder before anything else runs). */
export function makeFoldersSync(dir: string): void {
  const target = resolve(dir);
  const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  try {
    mkdirSync(target);
    return;
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && isFolder(target)) return;
    const parent = dirname(target);
    if (codeOf(error) !== 'ENOENT' || parent === target) throw error;
    if (!statSync(parent, { throwIfNoEntry: false })) makeFoldersSync(parent);
  }
  try {
    mkdirSync(target);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST' || !isFolder(target)) throw error;
  }
}
