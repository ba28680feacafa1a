/**
 * A remote VM's CSV as it arrives in the run folder on the launcher's host: the bytes the VM relays, written at the
 * offsets they hold in the file on its host (which stays the record), over every life of the VM.
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';

export class RemoteCsv {
  readonly #path: string;
  #fd: number | undefined;
  #length = 0;
  #gaps = 0;

  constructor(path: string) {
    this.#path = path;
  }

  /** How many bytes of the VM's file the run folder holds, from the start with no gap. */
  get length(): number {
    return this.#length;
  }

  /** Bytes that arrived past a gap (never expected: a relay restarts at the end of what its file holds). */
  get gaps(): number {
    return this.#gaps;
  }

  write(offset: number, text: string): void {
    this.#fd ??= openSync(this.#path, existsSync(this.#path) ? 'r+' : 'w');
    const bytes = Buffer.from(text, 'utf8');
    writeSync(this.#fd, bytes, 0, bytes.length, offset);
    if (offset > this.#length) this.#gaps += 1;
    else this.#length = Math.max(this.#length, offset + bytes.length);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
