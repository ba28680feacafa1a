/**
 * A VM's CSV's two ends, looked at before its records are read: where its complete lines end (its last newline;
 * after it, a line cut in the middle by a VM killed mid-write), and whether it begins with a UTF-8 byte-order mark
 * (a file saved by a spreadsheet or Notepad).
 */
import type { FileHandle } from 'node:fs/promises';

/** `lastNewline`: the offset of the file's last newline byte, or -1 when it has none. */
export type FileEnds = { lastNewline: number; byteOrderMark: boolean };

const newline = 0x0a;
const tailWindow = 64 * 1024;

/** Throws what the file's reads throw (the caller says the file is unreadable). */
export async function fileEnds(handle: FileHandle, size: number): Promise<FileEnds> {
  return { lastNewline: await findLastNewline(handle, size), byteOrderMark: await startsWithByteOrderMark(handle) };
}

const byteOrderMarkBytes = Buffer.from([0xef, 0xbb, 0xbf]);

async function startsWithByteOrderMark(handle: FileHandle): Promise<boolean> {
  const first = Buffer.alloc(byteOrderMarkBytes.length);
  const { bytesRead } = await handle.read(first, 0, first.length, 0);
  return bytesRead === first.length && first.equals(byteOrderMarkBytes);
}

/** Offset of the file's last newline byte, or -1; scans back window by window (rows are short, one read suffices). */
async function findLastNewline(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(Math.min(tailWindow, Math.max(size, 1)));
  for (let end = size; end > 0; end -= buffer.length) {
    const start = Math.max(0, end - buffer.length);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(newline);
    if (at >= 0) return start + at;
  }
  return -1;
}
