/**
 * Relays a VM's CSV to a launcher on another host: reads the bytes written since the last call, whole lines only
 * (all of it at the end), and hands them on with their offset. The file on the VM's host stays the record: bytes a
 * killed VM never relayed are fetched from it by the launcher. Called after a tick, never on a timer of its own.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { rowsChunkBytes } from '../shared/remote-messages.js';

export class CsvRelay {
  readonly #path: string;
  readonly #send: (offset: number, text: string) => void;
  readonly #buffer = Buffer.alloc(rowsChunkBytes);
  #fd: number | undefined;
  #offset: number;

  /** Starts after what the file already holds (a restarted VM appends to its first life's rows, relayed then). */
  constructor(path: string, send: (offset: number, text: string) => void) {
    this.#path = path;
    this.#send = send;
    this.#offset = sizeOf(path);
  }

  /** `final`: the file is complete, so a last line without its newline goes too. */
  flush(final = false): void {
    if (this.#fd === undefined) {
      try {
        this.#fd = openSync(this.#path, 'r');
      } catch {
        return; // not written yet
      }
    }
    for (;;) {
      const read = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, this.#offset);
      if (read === 0) return;
      const full = read === this.#buffer.length;
      const end = final && !full ? read : this.#buffer.lastIndexOf(0x0a, read - 1) + 1;
      if (end === 0) return;
      this.#send(this.#offset, this.#buffer.toString('utf8', 0, end));
      this.#offset += end;
      if (!full) return;
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
