/**
 * The rules one VM's rows must keep on their own, checked as the CSV streams: tick numbering, Lamport's clock
 * rules, the jump column and send numbering. Each row is judged against the previous row as logged, so one bad
 * value is one violation, not a cascade.
 *
 * A VM killed and restarted by an injected fault resumes at the current deadline: one forward tick gap per restart
 * is expected (a note), and with `clock: 'reset'` the clock starts again from 0 at that row.
 */
import type { EventRow, RowParse } from '../run-folder/csv-row.js';
import type { CheckNote, ViolationLog } from './violation.js';

export type RestartAllowance = { restarts: number; clockReset: boolean };

export class RowRules {
  readonly #vm: number;
  readonly #log: ViolationLog;
  #nextTick = 0;
  #clock = 0;
  #sends = 0;
  #restartsLeft: number;
  readonly #clockReset: boolean;
  readonly notes: CheckNote[] = [];

  constructor(vm: number, log: ViolationLog, allowance: RestartAllowance = { restarts: 0, clockReset: false }) {
    this.#vm = vm;
    this.#log = log;
    this.#restartsLeft = allowance.restarts;
    this.#clockReset = allowance.clockReset;
  }

  /** A row that did not parse: reported once; its tick and clock, when they read, carry on to the next row. */
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
    this.#followTick(tick ?? this.#nextTick, line);
    if (parsed.clock !== null) this.#clock = parsed.clock;
  }

  check(row: EventRow): void {
    const { line, tick, clock } = row;
    const fail = (rule: Parameters<ViolationLog['add']>[0]['rule'], found: string, expected: string) =>
      this.#log.add({ rule, vm: this.#vm, tick, line, found, expected });
    const restarted = this.#followTick(tick, line);
    const previous = restarted && this.#clockReset ? 0 : this.#clock;
    if (row.jump !== clock - previous)
      fail('jump-column', `jump ${row.jump}`, `${clock} - ${previous} = ${clock - previous}`);
    // Lamport's rules all imply a rise, so a clock that does not rise is reported once, as that.
    if (clock <= previous) fail('clock-rising', `clock ${clock} after ${previous}`, `above ${previous}`);
    else if (row.event === 'receive') {
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
    if (row.event === 'send') {
      if (row.msgClock !== clock) fail('send-msg-clock', `msg_clock ${row.msgClock}`, `the send's clock ${clock}`);
      if (row.seq !== this.#sends + 1) fail('msg-id-sequence', `msg_id ${row.msgId}`, `${this.#vm}-${this.#sends + 1}`);
      this.#sends = row.seq;
    }
    this.#clock = clock;
  }

  /** Checks the tick number; true when this row is where a restarted VM resumed. */
  #followTick(tick: number, line: number): boolean {
    if (tick > this.#nextTick && this.#restartsLeft > 0) {
      this.#restartsLeft -= 1;
      const text = `VM ${this.#vm} restarted at tick ${tick} (line ${line}): ticks ${this.#nextTick}..${tick - 1} never ran`;
      this.notes.push({ vm: this.#vm, text });
      this.#nextTick = tick + 1;
      return true;
    }
    if (tick !== this.#nextTick) {
      this.#log.add({
        rule: 'tick-sequence',
        vm: this.#vm,
        tick,
        line,
        found: `tick ${tick}`,
        expected: `tick ${this.#nextTick}`,
      });
    }
    // Follow the file's own numbering after a gap, so a gap is one violation and not one per row after it.
    this.#nextTick = tick + 1;
    return false;
  }
}
