/**
 * Opens a config file for reading; a FIFO's open waits for a writer, as `cat` does (`launcher run <(jq ...)` has one
 * at once). That wait runs in a thread of libuv's pool, and a process that exits meanwhile (a Ctrl-C) joins that thread
 * at its teardown: with no writer it never ended (SIGINT and SIGTERM said their line and the process stayed; only
 * SIGKILL ended it). So while such an open waits, the process's exit opens the FIFO for writing once itself
 * (non-blocking: this open is its reader), which ends the wait, and the exit goes on.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';

/** How long a FIFO's open waits before `onWait` hears that it waits (a pipe's writer is there at once). */
export const fifoNoticeMs = 1000;

/** What the exit hook needs of the process: its `exit` event. */
export type ExitEvents = {
  once(event: 'exit', listener: () => void): unknown;
  off(event: 'exit', listener: () => void): unknown;
};

export async function openConfigFile(
  file: string,
  onWait: ((line: string) => void) | undefined,
  exits: ExitEvents = process,
): Promise<FileHandle> {
  const isFifo = await stat(file).then(
    (s) => s.isFIFO(),
    () => false,
  );
  if (!isFifo) return open(file, 'r');
  const release = () => {
    try {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader left (the open ended meanwhile): nothing waits.
    }
  };
  exits.once('exit', release);
  const notice =
    onWait === undefined
      ? undefined
      : setTimeout(() => onWait(`${file} is a FIFO: waiting for a writer (Ctrl-C to stop)`), fifoNoticeMs);
  notice?.unref();
  try {
    return await open(file, 'r');
  } finally {
    clearTimeout(notice);
    exits.off('exit', release);
  }
}
