/**
 * The rules one VM's rows must keep on their own, checked as the CSV streams: tick numbering, Lamport's clock
 * rules, the jump column, send numbering and elapsed_ms never going back (one process's monotonic clock; a restarted
 * life resumes later still). Each row is judged against the previous row as logged, so one bad
 * value is one violation, not a cascade.
 *
 * A VM killed and restarted by an injected fault resumes at the current deadline: one forward tick gap per restart
 * is expected (a note), and with `clock: 'reset'` the clock starts again from 0 at that row.
 *
 * A malformed row is one row-format finding and nothing more. Whether it held a tick or a send is unknown (a row
 * mangled by hand did, a line pasted in did not), so the next good row's tick and msg_id may carry on from either;
 * its own tick, even when it reads, is not judged. Nor is anything after it judged against its values, even those
 * that read (a pasted line's clock may be anything): the next good row's step (jump, +1, max + 1) is not judged,
 * and its clock must still be above the last good row's.
 */
import type { EventRow, RowParse } from '../run-folder/csv-row.js';
import type { CheckNote, RuleName, ViolationLog } from './violation.js';

export type RestartAllowance = { restarts: number; clockReset: boolean };

type Fail = (rule: RuleName, found: string, expected: string) => void;

export class RowRules {
  readonly #vm: number;
  readonly #log: ViolationLog;
  #nextTick = 0;
  /** Malformed rows since the last good one: the next good tick may be up to this many past #nextTick. */
  #unsureTicks = 0;
  #clock = 0;
  /** False after a malformed row, until the next good row: its step from the last good row is unknown. */
  #clockKnown = true;
  #sends = 0;
  /** The last good row's elapsed_ms (a row's is >= 0). */
  #elapsedMs = 0;
  /** Malformed rows since the last good send: each may have been a send. */
  #unsureSends = 0;
  #restartsLeft: number;
  readonly #clockReset: boolean;
  readonly notes: CheckNote[] = [];

  constructor(vm: number, log: ViolationLog, allowance: RestartAllowance = { restarts: 0, clockReset: false }) {
    this.#vm = vm;
    this.#log = log;
    this.#restartsLeft = allowance.restarts;
    this.#clockReset = allowance.clockReset;
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
    this.#unsureTicks += 1;
    this.#unsureSends += 1;
    this.#clockKnown = false;
  }

  check(row: EventRow): void {
    const { line, tick, clock } = row;
    const fail: Fail = (rule, found, expected) => this.#log.add({ rule, vm: this.#vm, tick, line, found, expected });
    const restarted = this.#followTick(tick, line);
    const reset = restarted && this.#clockReset;
    const previous = reset ? 0 : this.#clock;
    const stepKnown = reset || this.#clockKnown;
    if (stepKnown && row.jump !== clock - previous)
      fail('jump-column', `jump ${row.jump}`, `${clock} - ${previous} = ${clock - previous}`);
    // Lamport's rules all imply a rise, so a clock that does not rise is reported once, as that.
    if (clock <= previous) fail('clock-rising', `clock ${clock} after ${previous}`, `above ${previous}`);
    else if (stepKnown) this.#checkStep(row, previous, fail);
    if (row.event === 'send') {
      if (row.msgClock !== clock) fail('send-msg-clock', `msg_clock ${row.msgClock}`, `the send's clock ${clock}`);
      const lowest = this.#sends + 1;
      if (row.seq < lowest || row.seq > lowest + this.#unsureSends)
        fail(
          'msg-id-sequence',
          `msg_id ${row.msgId}`,
          expectedAfter(lowest, this.#unsureSends, (n) => `${this.#vm}-${n}`),
        );
      this.#sends = row.seq;
      this.#unsureSends = 0;
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

  /** Checks a good row's tick number; true when this row is where a restarted VM resumed. */
  #followTick(tick: number, line: number): boolean {
    const lowest = this.#nextTick;
    const highest = lowest + this.#unsureTicks;
    // Follow the file's own numbering after a gap, so a gap is one violation and not one per row after it.
    this.#nextTick = tick + 1;
    this.#unsureTicks = 0;
    if (tick > highest && this.#restartsLeft > 0) {
      this.#restartsLeft -= 1;
      const text = `VM ${this.#vm} restarted at tick ${tick} (line ${line}): ticks ${highest}..${tick - 1} never ran`;
      this.notes.push({ vm: this.#vm, text });
      return true;
    }
    if (tick < lowest || tick > highest) {
      this.#log.add({
        rule: 'tick-sequence',
        vm: this.#vm,
        tick,
        line,
        found: `tick ${tick}`,
        expected: `tick ${expectedAfter(lowest, highest - lowest)}`,
      });
    }
    return false;
  }
}

/** The number expected after `unsure` malformed rows: `5`, or `5..7 (after 2 malformed rows)`. */
function expectedAfter(lowest: number, unsure: number, show: (n: number) => string = String): string {
  if (unsure === 0) return show(lowest);
  return `${show(lowest)}..${show(lowest + unsure)} (after ${unsure} malformed row${unsure === 1 ? '' : 's'})`;
}
