/**
 * How every run file is created: exclusively (never over a file that is there) and never through a symlink, so that
 * a second launcher or a planted link cannot make a run write into another file. Plain node:fs: the VMs use it too.
 */
import { constants, unlinkSync } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { namingFile } from './io-failure.js';

/** A new file; fails with EEXIST when anything (a file, a FIFO, a symlink, even a dangling one) has the name. */
export const createExclusive = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** A file appended to (created when missing); ELOOP when the name is a symlink. */
export const appendNoFollow = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

export const runFileMode = 0o644;

export function openExclusive(file: string): Promise<FileHandle> {
  return open(file, createExclusive, runFileMode);
}

/** `text` as `file`, all at once (see createAtomically); rejects with the fs error, `file` left as it was. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const out = await createAtomically(file);
  out.write(text);
  await out.commit();
}

/** A file written piece by piece that takes its name only once whole (createAtomically). */
export type AtomicFile = {
  /** Queues `text`; false once a write failed: nothing more is written, and `commit` will reject. */
  write(text: string): boolean;
  /** Resolves once every write queued so far is done (or failed: `commit` says so), for a writer to keep pace. */
  drained(): Promise<void>;
  /** Waits for the writes, then renames the file into place; rejects with the first fs error, nothing left behind. */
  commit(): Promise<void>;
  /** Waits for the writes and removes the temporary file: `file` stays as it was. */
  discard(): Promise<void>;
};

/**
 * `file`, written to a new temporary name beside it (exclusive, so never through a link planted there), then renamed
 * over `file` by `commit` (a rename replaces the name itself, never a link's target): a reader never sees half a
 * file, a failed write (a full disk) never replaces an earlier one, and no temporary file is left. Rejects with the
 * fs error when the temporary file cannot be created.
 */
export async function createAtomically(file: string): Promise<AtomicFile> {
  const temporary = temporaryName(file);
  // Known before it exists: a signal handled while the open completes finds it all the same.
  temporaries.add(temporary);
  const handle = await openExclusive(temporary).catch((error: unknown) => {
    temporaries.delete(temporary); // not ours: never removed by removeTemporariesNow
    throw error;
  });
  const pieces = queuedWrites(handle, file);
  const remove = async () => {
    await handle.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    temporaries.delete(temporary);
  };
  return {
    write: pieces.write,
    drained: pieces.drained,
    async commit() {
      try {
        await pieces.done();
        await handle.close();
        await rename(temporary, file);
        temporaries.delete(temporary);
      } catch (error) {
        await remove();
        throw error;
      }
    },
    async discard() {
      await pieces.done().catch(() => {});
      await remove();
    },
  };
}

/** The longest file name most file systems take (NAME_MAX), in bytes. */
const nameMaxBytes = 255;

/**
 * `<file>.<pid>.tmp`, beside `file`. A name within the limit whose temporary name would pass it is cut to fit (it only
 * has to be unique beside it): `report --out` with a 250-byte name was refused as ENAMETOOLONG, a name `touch` takes.
 */
function temporaryName(file: string): string {
  const suffix = `.${process.pid}.tmp`;
  const name = basename(file);
  const room = nameMaxBytes - suffix.length;
  if (Buffer.byteLength(name) <= room) return `${file}${suffix}`;
  let cut = '';
  for (const character of name) {
    if (Buffer.byteLength(cut + character) > room) break;
    cut += character;
  }
  return join(dirname(file), `${cut}${suffix}`);
}

/** createAtomically's temporary files not yet renamed into place or removed. */
const temporaries = new Set<string>();

/**
 * Removes every temporary file createAtomically has not yet renamed or removed, at once (synchronously): for a command
 * about to be ended by a signal in the middle of a write, which would leave `report.html.<pid>.tmp` beside the page.
 */
export function removeTemporariesNow(): void {
  for (const temporary of temporaries) {
    try {
      unlinkSync(temporary);
    } catch {
      // Renamed or removed meanwhile.
    }
  }
  temporaries.clear();
}

/**
 * Pieces written to `handle` one after another; after a failure, none is. `done` waits for them and rejects with the
 * first failure, naming `file` (a handle's write carries no path). Every write's error is kept: a listener that saw
 * only the open's would let a full disk pass as written.
 */
export function queuedWrites(
  handle: FileHandle,
  file: string,
): { write(text: string): boolean; drained(): Promise<void>; done(): Promise<void> } {
  let failure: { error: unknown } | null = null;
  let writing: Promise<void> = Promise.resolve();
  const writePiece = async (text: string) => {
    if (failure !== null) return;
    try {
      // writeFile goes on after a short write, from the handle's position: the pieces land in order.
      await handle.writeFile(text);
    } catch (error) {
      failure = { error: namingFile(error, file) };
    }
  };
  return {
    write(text) {
      if (failure !== null) return false;
      writing = writing.then(() => writePiece(text));
      return true;
    },
    // writePiece keeps its failure: `writing` never rejects.
    drained: () => writing,
    async done() {
      await writing;
      if (failure !== null) throw failure.error;
    },
  };
}
