/**
 * The VM's per-tick CSV. Each row is handed to the kernel (a synchronous write, about 4 us) before the tick's
 * message leaves, so a VM killed at any instant leaves a file that holds every tick it acted on, and no message
 * on the wire lacks its send row. The row's text is model/csv-row.ts's csvLine, which the sim engine writes too.
 *
 * A file that cannot be written (a full disk, a file-size limit, a name planted in the folder) is an expected
 * failure: `open` and `write` give it as a value, one line naming the file, for the VM to stop the run with.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { csvLine, type RowTiming } from '../model/csv-row.js';
import type { TickOutcome } from '../model/machine.js';
import { VectorCellText } from '../model/vector-cell-text.js';
import { csvColumns } from '../run-folder/csv-columns.js';
import { appendNoFollow, createExclusive, runFileMode } from '../run-folder/exclusive-file.js';
import { type IoFailure, ioFailureLine, namingFile } from '../run-folder/io-failure.js';
import { writeRestSync } from '../run-folder/write-rest.js';

export type { RowTiming };
/** The row text lives in model/ (the sim writes the very same rows); re-exported for the VM's own callers. */
export { csvLine };

export class CsvLog {
  readonly #path: string;
  readonly #vm: number;
  readonly #fd: number;
  readonly #vectorCell = new VectorCellText();

  /**
   * `append`: a restarted VM continues the file its first life wrote (no second header, unless that life left it
   * empty or none). A new file is created exclusively and never through a symlink (exclusive-file.ts): a file
   * already there is refused, not overwritten. Throws as node:fs does; `open` gives expected failures as values.
   */
  constructor(path: string, vm: number, append = false) {
    this.#path = path;
    this.#vm = vm;
    this.#fd = openSync(path, append ? appendNoFollow : createExclusive, runFileMode);
    try {
      if (!append || fstatSync(this.#fd).size === 0) this.#writeAll(`${csvColumns.join(',')}\n`);
    } catch (error) {
      closeSync(this.#fd);
      throw error;
    }
  }

  /** The log, or the expected failure that kept it from being created (`cannot create .../vm-0.csv (EEXIST)`). */
  static open(path: string, vm: number, append = false): CsvLog | IoFailure {
    try {
      return new CsvLog(path, vm, append);
    } catch (error) {
      return failureOf(error, path);
    }
  }

  /** Undefined once the row is written; the failure (`cannot write .../vm-0.csv (ENOSPC)`) when it could not be. */
  write(timing: RowTiming, outcome: TickOutcome): IoFailure | undefined {
    try {
      this.#writeAll(csvLine(this.#vm, timing, outcome, this.#vectorCell.text(outcome.vector)));
      return undefined;
    } catch (error) {
      return failureOf(error, this.#path);
    }
  }

  close(): void {
    closeSync(this.#fd);
  }

  /**
   * A write that fills the disk or reaches a size limit mid-row writes part of it and returns the count: the rest is
   * written (or fails with the reason), so a row is never taken as on disk when only its start is. A cut row stays
   * as a cut last line, which every reader leaves out.
   */
  #writeAll(text: string): void {
    const written = writeSync(this.#fd, text);
    // Rows are ASCII, so this compares bytes without measuring them; other text is measured.
    if (written === text.length || written === Buffer.byteLength(text)) return;
    writeRestSync(this.#fd, Buffer.from(text), written);
  }
}

/** An expected fs failure as one line naming the file (a write error on an fd names none); a bug is thrown on. */
function failureOf(error: unknown, path: string): IoFailure {
  const line = ioFailureLine(namingFile(error, path));
  if (line === undefined) throw error;
  return { kind: 'io-failure', line };
}
