/**
 * Opens a config file for reading; a FIFO's open waits for a writer, as `cat` does (`launcher run <(jq ...)` has one
 * at once), and its reads wait for the writer's bytes. Each wait runs in a thread of libuv's pool, and a process that
 * exits meanwhile (a Ctrl-C) joins that thread at its teardown: it never ended while nothing came (SIGINT and SIGTERM
 * said their line and the process stayed; only SIGKILL ended it). So until the caller is `done`, the process's exit
 * opens the FIFO for writing itself (non-blocking: this process is its reader) and writes it one byte, which ends
 * either wait, and the exit goes on.
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';

/** How long a FIFO's open waits before `onWait` hears that it waits (a pipe's writer is there at once). */
export const fifoNoticeMs = 1000;

/** What the exit hook needs of the process: its `exit` event. */
export type ExitEvents = {
  once(event: 'exit', listener: () => void): unknown;
  off(event: 'exit', listener: () => void): unknown;
};

/** An open config file; `done` once it is read and closed (a FIFO's exit hook goes then). */
export type ConfigFile = { handle: FileHandle; done(): void };

export async function openConfigFile(
  file: string,
  onWait: ((line: string) => void) | undefined,
  exits: ExitEvents = process,
): Promise<ConfigFile> {
  const isFifo = await stat(file).then(
    (s) => s.isFIFO(),
    () => false,
  );
  if (!isFifo) return { handle: await open(file, 'r'), done() {} };
  const release = () => {
    try {
      const fd = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        writeSync(fd, '\n');
      } finally {
        closeSync(fd);
      }
    } catch {
      // No reader left (the wait ended meanwhile), or its buffer is full (no read waits): nothing to end.
    }
  };
  exits.once('exit', release);
  const done = () => exits.off('exit', release);
  const notice =
    onWait === undefined
      ? undefined
      : setTimeout(() => onWait(`${file} is a FIFO: waiting for a writer (Ctrl-C to stop)`), fifoNoticeMs);
  notice?.unref();
  try {
    return { handle: await open(file, 'r'), done };
  } catch (error) {
    done();
    throw error;
  } finally {
    clearTimeout(notice);
  }
}
