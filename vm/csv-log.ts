/**
 * The VM's per-tick CSV, written through as the run goes (a VM that dies keeps every row it handed over), with
 * csv-stringify quoting whatever needs it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { type Stringifier, stringify } from 'csv-stringify';
import { csvColumns } from '../shared/csv-columns.js';
import type { TickOutcome } from './machine.js';
import { formatVector } from './vector-clock.js';

export type RowTiming = { tick: number; systemTime: string; elapsedMs: number };

export class CsvLog {
  readonly #vm: number;
  readonly #stringifier: Stringifier;
  readonly #file: WriteStream;

  /** `append`: a restarted VM continues the file its first life wrote (no second header). */
  constructor(path: string, vm: number, append = false) {
    this.#vm = vm;
    this.#file = createWriteStream(path, { flags: append ? 'a' : 'w' });
    this.#stringifier = stringify({ header: !append, columns: [...csvColumns] });
    this.#stringifier.pipe(this.#file);
  }

  write(timing: RowTiming, outcome: TickOutcome): void {
    this.#stringifier.write([
      this.#vm,
      timing.tick,
      outcome.event,
      timing.systemTime,
      timing.elapsedMs.toFixed(3),
      outcome.clock,
      outcome.jump,
      outcome.queueLen,
      ...eventColumns(outcome),
      formatVector(outcome.vector),
    ]);
  }

  /** Flushes every row to disk. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#file.once('finish', resolve);
      this.#file.once('error', reject);
      this.#stringifier.end();
    });
  }
}

function eventColumns(outcome: TickOutcome): [string | number, string, string | number] {
  switch (outcome.event) {
    case 'receive':
      return [outcome.message.from, outcome.message.id, outcome.message.clock];
    case 'send':
      return [[...outcome.to].sort((a, b) => a - b).join(';'), outcome.msgId, outcome.clock];
    case 'internal':
      return ['', '', ''];
    default: {
      const never: never = outcome;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
