/**
 * A file the user names for a command's output (`export --out`, `report --out`, `compare --html`). A new name or a
 * regular file is written to a temporary name and renamed when whole (createAtomically). A rename replaces the name
 * itself, so a name that is not a plain file is written as a shell redirection would write it: through a link to a
 * regular file (at the file it leads to, still whole or not at all, the link kept), and straight into a device or a
 * pipe (`/dev/null`, `/dev/stdout`, `>(gzip > x.gz)`), never replaced by a file.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { printable } from '../shared/printable-text.js';
import { type AtomicFile, createAtomically, queuedWrites } from './exclusive-file.js';
import { isRunOwnFile, runFolderReplaced } from './own-files.js';
import { errorCode } from './unreadable.js';

/** Where the output goes: `path` is the name written (a link's target), `into` how; `pipe`: a FIFO. */
export type OutputTarget = { path: string; into: 'whole-file' | 'stream'; pipe?: boolean };

/** Rejects with the fs error only for a name that cannot be looked at (e.g. EACCES on its folder). */
export async function resolveOutput(file: string): Promise<OutputTarget> {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => {
    // A new name, or a link to nothing: the name itself is written, as before.
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (found === null || found.isDirectory()) return { path: file, into: 'whole-file' };
  if (found.isFile()) return { path: await realpath(file), into: 'whole-file' };
  return { path: file, into: 'stream', ...(found.isFIFO() ? { pipe: true } : {}) };
}

/** A run one of whose files an output would replace: `read` when it is one of the runs the command reads. */
export type ReplacedRun = { run: string; read: boolean };

/**
 * Why an output naming a run's file is refused, one phrase for export, report and compare after the file they name:
 * each had its own words for one refusal (`it is one of the run's own files; give another --out` against `one of the
 * own files of the run r; give another file`).
 */
export function replacedRunDetail(replaced: ReplacedRun): string {
  const whose = replaced.read ? 'one of the own files of the run' : 'a file of the run folder';
  return `${whose} ${printable(replaced.run)}; give another file`;
}

/**
 * The run whose file writing `name` (resolved to `target`) would replace, or null: one of `runDirs` (the runs the
 * command reads), or any other run folder (own-files.ts); only the runs in `pageOf` may have their report.html
 * written (`report RUN --out RUN/report.html`). A link is written through, so where it leads is checked too.
 */
export async function replacedRun(
  runDirs: readonly string[],
  name: string,
  target: OutputTarget,
  pageOf: readonly string[] = [],
): Promise<ReplacedRun | null> {
  for (const file of new Set([name, target.path])) {
    for (const runDir of runDirs) if (await isRunOwnFile(runDir, file)) return { run: runDir, read: true };
    const other = await runFolderReplaced(file, pageOf);
    if (other !== null) return { run: other, read: false };
  }
  return null;
}

/**
 * The output opened for writing (see AtomicFile): for a stream, `commit` waits for the writes and closes it, and
 * `discard` closes it; what was written stays written.
 */
export async function openOutput(target: OutputTarget): Promise<AtomicFile> {
  if (target.into === 'whole-file') return createAtomically(target.path);
  // A pipe nobody reads would block the open for ever (and Ctrl-C with it): without a reader, this probe fails at once
  // (ENXIO); with one, the blocking open below returns at once. The probe stays open until then: its close alone
  // would be an end of file to the reader.
  const probe = target.pipe === true ? await open(target.path, constants.O_WRONLY | constants.O_NONBLOCK) : null;
  // No O_CREAT: the device or pipe is there; it may have gone since it was looked at, and then this fails.
  const handle = await open(target.path, constants.O_WRONLY).finally(() => probe?.close());
  const pieces = queuedWrites(handle, target.path);
  return {
    write: pieces.write,
    drained: pieces.drained,
    async commit() {
      try {
        await pieces.done();
      } finally {
        await handle.close().catch(() => {});
      }
    },
    async discard() {
      await pieces.done().catch(() => {});
      await handle.close().catch(() => {});
    },
  };
}

/** Why the output could not be written, for the user's line: the fs code, and what it means when it is not plain. */
export function outputErrorDetail(error: unknown): string {
  const code = errorCode(error);
  // Creating a file, these say which part of its path is wrong: a bare code left the user to guess.
  if (code === 'ENOENT') return 'ENOENT: its folder does not exist';
  if (code === 'ENOTDIR') return 'ENOTDIR: a part of its path is not a folder';
  return code === 'ENXIO' ? 'ENXIO: no process is reading that pipe' : code;
}
