/**
 * Standard output or error redirected to a file is written by Node with one write(2) per piece, and a short write
 * (a disk that fills in the middle of a piece) is taken as done: `launcher analyze RUN --json > file` on a full disk
 * ended with exit 0, its JSON cut at the disk's last free byte, and no word. Here each piece is written to its end,
 * so the write that cannot go on fails like any other, and lost-output.ts says so (one line, exit 1).
 */
import { fstatSync } from 'node:fs';
import { type WriteAt, writeRestSync } from '../run-folder/write-rest.js';

type Done = (error?: Error | null) => void;

/** The stream's `_write`, writing each piece whole (the rest after a short write) or failing with the fs error. */
export function wholeWrites(fd: number, write?: WriteAt): (chunk: Buffer, encoding: string, done: Done) => void {
  return (chunk, _encoding, done) => {
    try {
      writeRestSync(fd, chunk, 0, write);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

/** Applies wholeWrites to standard output and error when they are files (pipes and terminals write whole already). */
export function writeFilesWhole(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const fd = (stream as { fd?: unknown }).fd;
    if (typeof fd !== 'number' || !isFile(fd)) continue;
    stream._write = wholeWrites(fd);
  }
}

function isFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}
