/**
 * Expected file-system failures while a run folder is written (a full disk, a read-only or vanished folder, a name
 * planted after the claim): one line naming the file and the cause, instead of a stack trace. Anything else is a bug.
 */
const expectedCodes = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EACCES',
  'EPERM',
  'EROFS',
  'EEXIST',
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'ELOOP',
  'EIO',
  'EMFILE',
  'ENFILE',
]);

/** `cannot write /x/manifest.json (ENOSPC)` for an expected fs failure; undefined for anything else. */
export function ioFailureLine(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, syscall, path, dest } = error as NodeJS.ErrnoException & { dest?: unknown };
  if (typeof code !== 'string' || !expectedCodes.has(code) || typeof syscall !== 'string') return undefined;
  const what = (typeof path === 'string' ? ` ${path}` : '') + (typeof dest === 'string' ? ` to ${dest}` : '');
  return `cannot ${verbOf(syscall)}${what} (${code})`;
}

function verbOf(syscall: string): string {
  if (syscall === 'open' || syscall === 'mkdir' || syscall === 'symlink' || syscall === 'link') return 'create';
  if (syscall === 'rename') return 'rename';
  if (syscall === 'unlink' || syscall === 'rmdir') return 'remove';
  if (syscall === 'read' || syscall === 'scandir' || syscall === 'stat' || syscall === 'lstat') return 'read';
  return 'write';
}

/**
 * `error` with `path` as the file it names when it names none: a write through an fd or a FileHandle fails with no
 * path, and `cannot write (ENOSPC)` left the user to guess which file.
 */
export function namingFile(error: unknown, path: string): unknown {
  const fsError = error as NodeJS.ErrnoException | null;
  if (typeof fsError === 'object' && fsError !== null && fsError.path === undefined) fsError.path = path;
  return error;
}

/** An expected fs failure, as a value: `line` is ioFailureLine's one line. */
export type IoFailure = { kind: 'io-failure'; line: string };

/**
 * Runs `work`, whose fs calls throw as Node's do: an expected failure comes back as an IoFailure, anything else is a
 * bug and is thrown on with its stack.
 */
export async function orIoFailure<T>(work: () => Promise<T>): Promise<T | IoFailure> {
  try {
    return await work();
  } catch (error) {
    const line = ioFailureLine(error);
    if (line === undefined) throw error;
    return { kind: 'io-failure', line };
  }
}
