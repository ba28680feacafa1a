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
  readonly #fds: number[];
  readonly #buffers: string[];

  constructor(dir: string, machines: number) {
    this.#fds = Array.from({ length: machines }, (_, id) =>
      openSync(join(dir, csvFileName(id)), createExclusive, runFileMode),
    );
    this.#buffers = Array.from({ length: machines }, () => `${csvColumns.join(',')}\n`);
  }

  write(vm: number, line: string): void {
    const text = (this.#buffers[vm] as string) + line;
    if (text.length < chunkChars) this.#buffers[vm] = text;
    else {
      writeSync(this.#fds[vm] as number, text);
      this.#buffers[vm] = '';
    }
  }

  close(): void {
    this.#fds.forEach((fd, vm) => {
      const rest = this.#buffers[vm] as string;
      if (rest !== '') writeSync(fd, rest);
      closeSync(fd);
    });
  }
}
