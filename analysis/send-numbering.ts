/**
 * One VM's send numbering, checked as its CSV streams: each send's msg_id is the next number, a malformed row before
 * it leaving room for one it may have held.
 *
 * A restarted life whose earlier life's rows stay on the host (the manifest's earlierRowsOnHost: never fetched)
 * numbers its sends past any those rows could hold (vm/vm-machine.ts goPastKeptRows): after that restart, the next send
 * may skip numbers, and the numbers skipped are kept for the message audit (delivery-audit.ts), which counts the
 * messages peers got from those rows in a note instead of naming them unknown.
 */

import type { EventRow } from '../run-folder/event-row.js';
import { expectedAfter } from './expected-after.js';
import type { RuleName } from './violation.js';

/** Message numbers `from`..`to` (Infinity: every later one) a VM's life after `life` skipped past its kept rows. */
export type SkippedNumbers = { from: number; to: number; life: number };

export class SendNumbering {
  readonly #vm: number;
  #sends = 0;
  /** Malformed rows since the last good send: each may have been a send. */
  #unsureSends = 0;
  /** Lives whose later rows stay on its host (earlierRowsOnHost): restart L begins a life numbered past life L's. */
  readonly #keptLives: ReadonlySet<number>;
  /** Since a life numbered past kept rows began, no send: the next may skip the numbers they may hold. */
  #skipFrom: { seq: number; life: number } | null = null;
  readonly #skipped: SkippedNumbers[] = [];

  constructor(vm: number, keptLives: readonly number[]) {
    this.#vm = vm;
    this.#keptLives = new Set(keptLives);
  }

  /** The message numbers its sends skipped past kept rows: those rows' sends, if they made any, are among them. */
  get skippedNumbers(): readonly SkippedNumbers[] {
    const open = this.#skipFrom;
    return open === null ? this.#skipped : [...this.#skipped, { from: open.seq, to: Infinity, life: open.life }];
  }

  /** A row that did not parse: it may have been a send. */
  malformed(): void {
    this.#unsureSends += 1;
  }

  /** Restart `life` began at the row last judged: returns whether its life is numbered past kept rows. */
  restarted(life: number): boolean {
    const pastKept = this.#keptLives.has(life);
    if (pastKept) this.#skipFrom ??= { seq: this.#sends + 1, life };
    return pastKept;
  }

  /** Checks a good send row's msg_id. */
  send(
    row: Extract<EventRow, { event: 'send' }>,
    fail: (rule: RuleName, found: string, expected: string) => void,
  ): void {
    const lowest = this.#sends + 1;
    const skip = this.#skipFrom;
    this.#skipFrom = null;
    if (skip !== null && row.seq > lowest + this.#unsureSends)
      this.#skipped.push({ from: skip.seq, to: row.seq - 1, life: skip.life });
    else if (row.seq < lowest || row.seq > lowest + this.#unsureSends)
      fail(
        'msg-id-sequence',
        `msg_id ${row.msgId}`,
        expectedAfter(lowest, this.#unsureSends, (n) => `${this.#vm}-${n}`),
      );
    this.#sends = row.seq;
    this.#unsureSends = 0;
  }
}
