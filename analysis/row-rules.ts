/**
 * The rules one VM's rows must keep on their own, checked as the CSV streams: tick numbering (tick-numbering.ts, with
 * the restarts it shows), Lamport's clock rules, the jump column, send numbering (send-numbering.ts) and elapsed_ms
 * never going back (one process's monotonic clock; a restarted life resumes later still). Each row is judged against
 * the previous row as logged, so one bad value is one violation, not a cascade.
 *
 * A restarted life's clock is judged by its restart (tick-numbering.ts): a reset's steps count from 0, a kept one's
 * from the row before. A clock neither kept nor reset as the restart says, or a reset the config does not allow, is
 * a violation here.
 *
 * A malformed row is one row-format finding and nothing more. Whether it held a tick or a send is unknown (a row
 * mangled by hand did, a line pasted in did not), so the next good row's tick and msg_id may carry on from either;
 * its own tick, even when it reads, is not judged. Nor is anything after it judged against its values, even those
 * that read (a pasted line's clock may be anything): the next good row's step (jump, +1, max + 1) is not judged,
 * and its clock must still be above the last good row's.
 */

import type { EventRow, RowParse } from '../run-folder/event-row.js';
import type { RestartOrder } from '../run-folder/run-facts.js';
import type { RestartsSeen } from './killed-lives.js';
import { SendNumbering, type SkippedNumbers } from './send-numbering.js';
import { TickNumbering } from './tick-numbering.js';
import type { CheckNote, RuleName, ViolationLog } from './violation.js';

type Fail = (rule: RuleName, found: string, expected: string) => void;

export class RowRules {
  readonly #vm: number;
  readonly #log: ViolationLog;
  readonly #ticks: TickNumbering;
  readonly #sends: SendNumbering;
  #clock = 0;
  /** False after a malformed row, until the next good row: its step from the last good row is unknown. */
  #clockKnown = true;
  /** The last good row's elapsed_ms (a row's is >= 0). */
  #elapsedMs = 0;
  #pastKept = false;

  constructor(
    vm: number,
    log: ViolationLog,
    restarts: RestartOrder = [],
    rowsOnHost = false,
    keptLives: number[] = [],
  ) {
    this.#vm = vm;
    this.#log = log;
    this.#ticks = new TickNumbering(vm, log, restarts, rowsOnHost);
    this.#sends = new SendNumbering(vm, keptLives);
  }

  /** The restart notes (tick-numbering.ts). */
  get notes(): CheckNote[] {
    return this.#ticks.notes;
  }

  /**
   * The row last judged began a life numbered past an earlier life's rows kept on the host (vm/vm-machine.ts
   * goPastKeptRows): its own vector entry may rise by more than one (vector-rules.ts).
   */
  get pastKeptRows(): boolean {
    return this.#pastKept;
  }

  /** The message numbers its sends skipped past kept rows (send-numbering.ts). */
  get skippedNumbers(): readonly SkippedNumbers[] {
    return this.#sends.skippedNumbers;
  }

  /** The restarts the rows showed, once they are all read. */
  get restarts(): RestartsSeen {
    return this.#ticks.restarts;
  }

  /** A row that did not parse: reported once, and never the row the next one is judged against. */
  malformed(parsed: Extract<RowParse, { ok: false }>): void {
    const { line, tick } = parsed;
    this.#log.add({
      rule: 'row-format',
      vm: this.#vm,
      tick,
      line,
      found: parsed.found,
      expected: parsed.expected,
    });
    this.#ticks.malformed();
    this.#sends.malformed();
    this.#clockKnown = false;
  }

  check(row: EventRow): void {
    const { line, tick, clock } = row;
    const fail: Fail = (rule, found, expected) => this.#log.add({ rule, vm: this.#vm, tick, line, found, expected });
    const restart = this.#ticks.follow(row, this.#clock);
    this.#pastKept = restart !== 'no-restart' && this.#sends.restarted(this.#ticks.restartsSeen);
    const reset = restart === 'reset';
    const previous = reset ? 0 : this.#clock;
    const stepKnown = reset || this.#clockKnown;
    if (stepKnown && row.jump !== clock - previous)
      fail('jump-column', `jump ${row.jump}`, `${clock} - ${previous} = ${clock - previous}`);
    // Lamport's rules all imply a rise, so a clock that does not rise is reported once, as that.
    if (clock <= previous) fail('clock-rising', `clock ${clock} after ${previous}`, `above ${previous}`);
    else if (stepKnown) this.#checkStep(row, previous, fail);
    if (row.event === 'send') {
      if (row.msgClock !== clock) fail('send-msg-clock', `msg_clock ${row.msgClock}`, `the send's clock ${clock}`);
      this.#sends.send(row, fail);
    }
    if (row.elapsedMs < this.#elapsedMs)
      fail('elapsed-order', `elapsed_ms ${row.elapsedMs} after ${this.#elapsedMs}`, `at least ${this.#elapsedMs}`);
    this.#elapsedMs = row.elapsedMs;
    this.#clock = clock;
    this.#clockKnown = true;
  }

  /** A receive sets the clock to max(previous, msg_clock) + 1, any other event to previous + 1. */
  #checkStep(row: EventRow, previous: number, fail: Fail): void {
    const { clock } = row;
    if (row.event === 'receive') {
      const expected = Math.max(previous, row.msgClock) + 1;
      if (clock !== expected) {
        fail('receive-clock', `clock ${clock}`, `max(${previous}, ${row.msgClock}) + 1 = ${expected}`);
      }
    } else if (clock !== previous + 1)
      fail(
        'local-clock',
        `clock ${clock} on ${row.event === 'send' ? 'a' : 'an'} ${row.event}`,
        `${previous} + 1 = ${previous + 1}`,
      );
  }
}
