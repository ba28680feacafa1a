/**
 * The VM's per-tick CSV. Each row is handed to the kernel (a synchronous write, about 4 us) before the tick's
 * message leaves, so a VM killed at any instant leaves a file that holds every tick it acted on, and no message
 * on the wire lacks its send row. The row's text is model/csv-row.ts's csvLine, which the sim engine writes too.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { csvLine, type RowTiming } from '../model/csv-row.js';
import type { TickOutcome } from '../model/machine.js';
import { VectorCellText } from '../model/vector-cell-text.js';
import { csvColumns } from '../run-folder/csv-columns.js';
import { appendNoFollow, createExclusive, runFileMode } from '../run-folder/exclusive-file.js';

export type { RowTiming };
/** The row text lives in model/ (the sim writes the very same rows); re-exported for the VM's own callers. */
export { csvLine };

export class CsvLog {
  readonly #vm: number;
  readonly #fd: number;
  readonly #vectorCell = new VectorCellText();

  /**
   * `append`: a restarted VM continues the file its first life wrote (no second header, unless that life left it
   * empty or none). A new file is created exclusively and never through a symlink (exclusive-file.ts): a file
   * already there is refused, not overwritten.
   */
  constructor(path: string, vm: number, append = false) {
    this.#vm = vm;
    this.#fd = openSync(path, append ? appendNoFollow : createExclusive, runFileMode);
    if (!append || fstatSync(this.#fd).size === 0) writeSync(this.#fd, `${csvColumns.join(',')}\n`);
  }

  /** Returns the bytes written. */
  write(timing: RowTiming, outcome: TickOutcome): number {
    return writeSync(this.#fd, csvLine(this.#vm, timing, outcome, this.#vectorCell.text(outcome.vector)));
  }

  close(): void {
    closeSync(this.#fd);
  }
}
