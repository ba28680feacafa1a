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
