/**
 * A remote VM's CSV as it arrives in the run folder on the launcher's host: the bytes the VM relays, written at the
 * offsets they hold in the file on its host (which stays the record), over every life of the VM. Created as every
 * run file is: exclusively and never through a symlink (run-folder/exclusive-file.ts).
 */
import { closeSync, existsSync, fstatSync, openSync, statSync, writeSync } from 'node:fs';
import { createExclusive, runFileMode } from '../run-folder/exclusive-file.js';
import type { EarlierRowsOnHost, RowsOnHost } from '../run-folder/rows-on-host.js';
import { errorCode } from '../run-folder/unreadable.js';
import { writeRestSync } from '../run-folder/write-rest.js';

/** fs.writeSync at a position: how many bytes of `length` it wrote (fewer on a disk that fills up mid-write). */
export type WriteAtPosition = (fd: number, bytes: Buffer, offset: number, length: number, position: number) => number;

export class RemoteCsv {
  readonly #path: string;
  readonly #writeAt: WriteAtPosition;
  #fd: number | undefined;
  #length = 0;
  #failed: string | undefined;
  #onHost: RowsOnHost | undefined;
  readonly #earlier: EarlierRowsOnHost[] = [];
  #life = 1;

  constructor(path: string, writeAt: WriteAtPosition = writeSync) {
    this.#path = path;
    this.#writeAt = writeAt;
  }

  /** How many bytes of the VM's file the run folder holds, from the start with no gap. */
  get length(): number {
    return this.#length;
  }

  get path(): string {
    return this.#path;
  }

  /**
   * Why the run folder could not take a write (its error code), once one failed: the VM's rows from `length` on are
   * then only on its host, and its scratch folder there must stay.
   */
  get failed(): string | undefined {
    return this.#failed;
  }

  /** Which life of the VM writes now: 1 for its first, one more for each restart (resumeAt). */
  get life(): number {
    return this.#life;
  }

  /**
   * Where the current life's rows that never reached the run folder stay on its host, for the manifest; else
   * undefined. The run folder's CSV ends where they begin.
   */
  get rowsOnHost(): RowsOnHost | undefined {
    return this.#onHost;
  }

  /** Earlier lives' rows set aside on the host before a restart went on past them (rows-on-host.ts), in order. */
  get earlierRowsOnHost(): readonly EarlierRowsOnHost[] {
    return this.#earlier;
  }

  /** Records where rows it could not take stay; the first record holds (the rows from its byte on are all there). */
  keptOnHost(rows: RowsOnHost): void {
    this.#onHost ??= rows;
  }

  /** The rows the record named are in the run folder after all (fetched on a second try, or there were none). */
  dropKept(): void {
    this.#onHost = undefined;
  }

  /**
   * Before a restarted life writes: the life before's record, its file on the host now copied whole to `file` there,
   * becomes an earlier life's, from the byte the run folder holds now, where the new life's rows begin.
   */
  setAside(file: string): void {
    const rows = this.#onHost;
    if (rows === undefined) return;
    const any = rows.ifAny === true ? { ifAny: true as const } : {};
    this.#earlier.push({ host: rows.host, file, fromByte: this.#length, why: rows.why, ...any, life: this.#life - 1 });
    this.#onHost = undefined;
  }

  /**
   * Writes bytes at their offset; bytes past the end would leave a hole of zero bytes in the CSV, so they are refused
   * (never expected: a relay restarts at the end of what its file holds). Returns why it refused, else undefined.
   * Throws (EEXIST, ELOOP) when the run folder holds something else under this name.
   */
  write(offset: number, data: string | Buffer): string | undefined {
    if (offset > this.#length) return `bytes at ${offset} came past the ${this.#length} the run folder holds`;
    try {
      this.#fd ??= openSync(this.#path, createExclusive, runFileMode);
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      const fd = this.#fd;
      // A short write (the disk filled mid-piece) is written on from where it stopped, which finishes the piece or
      // throws why: never counted as written whole when only its start is, which would leave a hole after it.
      writeRestSync(fd, bytes, 0, (_, piece, at) => this.#writeAt(fd, piece, at, piece.length - at, offset + at));
      this.#length = Math.max(this.#length, offset + bytes.length);
    } catch (error) {
      this.#failed ??= errorCode(error);
      // What landed before the failure (a short write as the disk filled) is the VM's bytes at their offsets: the
      // length counts it, so the host's file from `length` on is exactly what the run folder lacks (rowsOnHost's
      // fromByte); counting only whole pieces, that record pointed inside the bytes here and appending duplicated rows.
      if (this.#fd !== undefined) this.#length = Math.max(this.#length, sizeOnDisk(this.#fd));
      throw error;
    }
    return undefined;
  }

  /**
   * Before a restarted life: what the run folder holds now (the launcher may have cut a cut-off last row before the
   * restart), which the file on the host is cut back to, so both go on from the same byte. A new life begins.
   */
  resumeAt(): number {
    this.#life += 1;
    if (this.#fd !== undefined) this.#length = fstatSync(this.#fd).size;
    else this.#length = existsSync(this.#path) ? statSync(this.#path).size : 0;
    // A cut last row the restart cut off here (restart-repair.ts) is the record's too: its rows begin where this ends.
    const kept = this.#onHost;
    if (kept !== undefined && kept.fromByte > this.#length) this.#onHost = { ...kept, fromByte: this.#length };
    return this.#length;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** The file's size, or 0 when even fstat fails (the length then stays as it was). */
function sizeOnDisk(fd: number): number {
  try {
    return fstatSync(fd).size;
  } catch {
    return 0;
  }
}
