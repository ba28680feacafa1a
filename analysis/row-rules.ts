/**
 * The rules one VM's rows must keep on their own, checked as the CSV streams: tick numbering, Lamport's clock
 * rules, the jump column, send numbering and elapsed_ms never going back (one process's monotonic clock; a restarted
 * life resumes later still). Each row is judged against the previous row as logged, so one bad
 * value is one violation, not a cascade.
 *
 * A VM killed and restarted by an injected fault resumes at the current deadline, its clock kept or reset to 0. Where
 * it was down over a deadline its ticks skip forward (a note); where it came back before the next one (a rate of 1/s,
 * back 0.3 s after the kill) its ticks run on, and a reset shows only in the row's own jump column: measured from 0,
 * where any other row's must be from the row before (so only a row the jump rule would refuse is taken for one).
 * Each is judged by the VM's configured restarts in the order they happen (a kill before the VM's first row too):
 * a tick gap takes the next one, kept or reset as configured; a row that skipped no tick is a restart only when
 * the next one resets and its jump counts from 0. A clock neither kept nor reset as the restart says, or a reset
 * the config does not allow, is still a violation. (A kept restart that skipped no tick leaves no mark in the rows:
 * it is not seen here; killed-lives.ts tells its lives apart by the restart the manifest records, and in an older
 * manifest, without it, excuses every copy to or from that VM.)
 *
 * A restarted life whose earlier life's rows stay on the host (the manifest's earlierRowsOnHost: never fetched)
 * numbers its sends past any those rows could hold (vm/vm-machine.ts goPastKeptRows): after that restart, the next send
 * may skip numbers, and the numbers skipped are kept for the message audit (delivery-audit.ts), which counts the
 * messages peers got from those rows in a note instead of naming them unknown.
 *
 * A malformed row is one row-format finding and nothing more. Whether it held a tick or a send is unknown (a row
 * mangled by hand did, a line pasted in did not), so the next good row's tick and msg_id may carry on from either;
 * its own tick, even when it reads, is not judged. Nor is anything after it judged against its values, even those
 * that read (a pasted line's clock may be anything): the next good row's step (jump, +1, max + 1) is not judged,
 * and its clock must still be above the last good row's.
 */

import type { EventRow, RowParse } from '../run-folder/event-row.js';
import type { RestartClock, RestartOrder } from '../run-folder/run-manifest.js';
import { counted } from '../shared/counted.js';
import type { LifeStart, RestartsSeen } from './killed-lives.js';
import type { CheckNote, RuleName, ViolationLog } from './violation.js';

type Fail = (rule: RuleName, found: string, expected: string) => void;

/** Message numbers `from`..`to` (Infinity: every later one) a VM's life after `life` skipped past its kept rows. */
export type SkippedNumbers = { from: number; to: number; life: number };

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
  /** The configured restarts, in order, and how many the rows have shown. */
  readonly #restarts: RestartOrder;
  #restartsSeen = 0;
  /** The first row of the last restarted life seen (killed-lives.ts). */
  #lastRestart: LifeStart | null = null;
  readonly notes: CheckNote[] = [];
  /** Rows of the VM stay on its host (rows-on-host.ts): ticks missing here may have run. */
  readonly #rowsOnHost: boolean;
  /** Lives whose later rows stay on its host (earlierRowsOnHost): restart L begins a life numbered past life L's. */
  readonly #keptLives: ReadonlySet<number>;
  #pastKept = false;
  /** Since a life numbered past kept rows began, no send: the next may skip the numbers they may hold. */
  #skipFrom: { seq: number; life: number } | null = null;
  readonly #skipped: SkippedNumbers[] = [];

  constructor(
    vm: number,
    log: ViolationLog,
    restarts: RestartOrder = [],
    rowsOnHost = false,
    keptLives: number[] = [],
  ) {
    this.#vm = vm;
    this.#log = log;
    this.#restarts = restarts;
    this.#rowsOnHost = rowsOnHost;
    this.#keptLives = new Set(keptLives);
  }

  /**
   * The row last judged began a life numbered past an earlier life's rows kept on the host (vm/vm-machine.ts
   * goPastKeptRows): its own vector entry may rise by more than one (vector-rules.ts).
   */
  get pastKeptRows(): boolean {
    return this.#pastKept;
  }

  /** The message numbers its sends skipped past kept rows: those rows' sends, if they made any, are among them. */
  get skippedNumbers(): readonly SkippedNumbers[] {
    const open = this.#skipFrom;
    return open === null ? this.#skipped : [...this.#skipped, { from: open.seq, to: Infinity, life: open.life }];
  }

  /** The restarts the rows showed, once they are all read. */
  get restarts(): RestartsSeen {
    return { lastRestart: this.#lastRestart, restartsLeft: this.#restarts.length - this.#restartsSeen };
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
    const restart = this.#followTick(row);
    if (restart !== 'no-restart') this.#lastRestart = { line, elapsedMs: row.elapsedMs };
    this.#pastKept = restart !== 'no-restart' && this.#keptLives.has(this.#restartsSeen);
    if (this.#pastKept) this.#skipFrom ??= { seq: this.#sends + 1, life: this.#restartsSeen };
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

  /** Checks a good row's tick number; says whether this row is where a restarted VM resumed, and with which clock. */
  #followTick(row: EventRow): 'no-restart' | RestartClock {
    const { tick, line } = row;
    const lowest = this.#nextTick;
    const highest = lowest + this.#unsureTicks;
    // Follow the file's own numbering after a gap, so a gap is one violation and not one per row after it.
    this.#nextTick = tick + 1;
    this.#unsureTicks = 0;
    // The row's own jump says its clock stepped from 0: after a row with a clock, only a reset does that.
    const fromZero = this.#clock > 0 && row.jump === row.clock;
    const restarted = `VM ${this.#vm} restarted at tick ${tick} (line ${line})`;
    const next = this.#restarts[this.#restartsSeen];
    if (tick > highest && next !== undefined) {
      this.#restartsSeen += 1;
      const missing = this.#rowsOnHost ? 'are not in its CSV here' : 'never ran';
      this.notes.push({ vm: this.#vm, text: `${restarted}: ticks ${highest}..${tick - 1} ${missing}` });
      return next;
    }
    if (tick >= lowest && tick <= highest && fromZero && next === 'reset') {
      this.#restartsSeen += 1;
      this.notes.push({ vm: this.#vm, text: `${restarted} with its clock reset, before its next tick was due` });
      return 'reset';
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
    return 'no-restart';
  }
}

/** The number expected after `unsure` malformed rows: `5`, or `5..7 (after 2 malformed rows)`. */
function expectedAfter(lowest: number, unsure: number, show: (n: number) => string = String): string {
  if (unsure === 0) return show(lowest);
  return `${show(lowest)}..${show(lowest + unsure)} (after ${counted(unsure, 'malformed row')})`;
}
