/**
 * The VM's per-tick CSV. Each row is handed to the kernel (a synchronous write, about 4 us) before the tick's
 * message leaves, so a VM killed at any instant leaves a file that holds every tick it acted on, and no message
 * on the wire lacks its send row. Cells that may need quotes are quoted as csv-stringify would (csv-row.ts).
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { csvColumns } from '../run-folder/csv-columns.js';
import { appendNoFollow, createExclusive, runFileMode } from '../run-folder/exclusive-file.js';
import { csvCell, csvVectorCell } from './csv-row.js';
import type { TickOutcome } from './machine.js';

export type RowTiming = { tick: number; systemTime: string; elapsedMs: number };

export class CsvLog {
  readonly #vm: number;
  readonly #fd: number;

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

  write(timing: RowTiming, outcome: TickOutcome): void {
    writeSync(this.#fd, csvLine(this.#vm, timing, outcome));
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** One row's text, newline included (also used to warm the row code up before the start: vm/warm-up.ts). */
export function csvLine(vm: number, timing: RowTiming, outcome: TickOutcome): string {
  const [peer, msgId, msgClock] = eventColumns(outcome);
  // Numbers, the event name and the ISO time never need quotes; the cells that may (a message id read off the
  // wire, the vector's JSON) go through csvCell / csvVectorCell.
  return (
    `${vm},${timing.tick},${outcome.event},${timing.systemTime},${timing.elapsedMs.toFixed(3)},` +
    `${outcome.clock},${outcome.jump},${outcome.queueLen},${csvCell(peer)},${csvCell(msgId)},${csvCell(msgClock)},` +
    `${csvVectorCell(outcome.vector)}\n`
  );
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
