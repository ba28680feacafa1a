/**
 * The simulation's rows into `vm-K.csv`, one file per VM with the VM's own header. Rows are gathered per VM and
 * written in 64 KB chunks: the simulation makes them far faster than one write per row could carry. Each file is
 * created as the VM process creates its own: exclusively, never through a symlink.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { csvColumns, csvFileName } from '../run-folder/csv-columns.js';
import { createExclusive, runFileMode } from '../run-folder/exclusive-file.js';

const chunkChars = 64 * 1024;

export class CsvFiles {
  readonly #files: string[];
  readonly #fds: number[] = [];
  readonly #buffers: string[];

  constructor(dir: string, machines: number) {
    this.#files = Array.from({ length: machines }, (_, id) => join(dir, csvFileName(id)));
    try {
      for (const file of this.#files) this.#fds.push(openSync(file, createExclusive, runFileMode));
    } catch (error) {
      // A name planted after the claim, a vanished folder: the files opened so far are closed, not leaked.
      for (const fd of this.#fds) closeSync(fd);
      throw error;
    }
    this.#buffers = Array.from({ length: machines }, () => `${csvColumns.join(',')}\n`);
  }

  write(vm: number, line: string): void {
    const text = (this.#buffers[vm] as string) + line;
    if (text.length < chunkChars) this.#buffers[vm] = text;
    else {
      this.#writeOut(vm, text);
      this.#buffers[vm] = '';
    }
  }

  /** Writes what is buffered and closes every file, even when one write fails (that failure is thrown after). */
  close(): void {
    let failure: unknown;
    this.#fds.forEach((fd, vm) => {
      const rest = this.#buffers[vm] as string;
      try {
        if (rest !== '') this.#writeOut(vm, rest);
      } catch (error) {
        failure ??= error;
      }
      closeSync(fd);
    });
    if (failure !== undefined) throw failure;
  }

  #writeOut(vm: number, text: string): void {
    try {
      writeSync(this.#fds[vm] as number, text);
    } catch (error) {
      // writeSync names no file: say which one, so the failure reads as one line.
      if (typeof error === 'object' && error !== null && !('path' in error)) {
        Object.assign(error, { path: this.#files[vm] });
      }
      throw error;
    }
  }
}
