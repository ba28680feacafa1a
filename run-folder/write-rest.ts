/**
 * The rest of a piece after a short write: a write(2) that fills the disk or reaches a size limit mid-piece writes
 * part of it and returns the count, and Node takes that as done. Writing on from there either finishes the piece or
 * fails with the reason (ENOSPC, EFBIG), so nothing is taken as written when only its start is.
 */
import { writeSync } from 'node:fs';

export type WriteAt = (fd: number, bytes: Buffer, offset: number) => number;

export function writeRestSync(fd: number, bytes: Buffer, from: number, write: WriteAt = writeSync): void {
  for (let at = from; at < bytes.length; ) at += write(fd, bytes, at);
}
