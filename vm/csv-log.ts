/**
 * The VM's per-tick CSV. Each row is handed to the kernel (a synchronous write, about 4 us) before the tick's
 * message leaves, so a VM killed at any instant leaves a file that holds every tick it acted on, and no message
 * on the wire lacks its send row. Cells that may need quotes are quoted as csv-stringify would (csv-row.ts).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvLine, type RowTiming } from '../model/csv-row.js';
import type { TickOutcome } from '../model/machine.js';
import { csvColumns } from '../run-folder/csv-columns.js';

export type { RowTiming };
/** The row text lives in model/ (the sim writes the very same rows); re-exported for the VM's own callers. */
export { csvLine };

export class CsvLog {
  readonly #vm: number;
  readonly #fd: number;

  /** `append`: a restarted VM continues the file its first life wrote (no second header). */
  constructor(path: string, vm: number, append = false) {
    this.#vm = vm;
    this.#fd = openSync(path, append ? 'a' : 'w');
    if (!append) writeSync(this.#fd, `${csvColumns.join(',')}\n`);
  }

  write(timing: RowTiming, outcome: TickOutcome): void {
    writeSync(this.#fd, csvLine(this.#vm, timing, outcome));
  }

  close(): void {
    closeSync(this.#fd);
  }
}
