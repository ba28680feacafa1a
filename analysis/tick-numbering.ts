/**
 * One VM's tick numbering, checked as its CSV streams, and the restarts it shows: each good row's tick is the next,
 * malformed rows before it leaving room for the ticks they may have held.
 *
 * A VM killed and restarted by an injected fault resumes at the current deadline, its clock kept or reset to 0. Where
 * it was down over a deadline its ticks skip forward (a note); where it came back before the next one (a rate of 1/s,
 * back 0.3 s after the kill) its ticks run on, and a reset shows only in the row's own jump column: measured from 0,
 * where any other row's must be from the row before (so only a row the jump rule would refuse is taken for one).
 * Each is judged by the VM's configured restarts in the order they happen (a kill before the VM's first row too):
 * a tick gap takes the next one, kept or reset as configured; a row that skipped no tick is a restart only when
 * the next one resets and its jump counts from 0. A clock neither kept nor reset as the restart says, or a reset
 * the config does not allow, is still a violation (row-rules.ts). (A kept restart that skipped no tick leaves no mark
 * in the rows: it is not seen here; killed-lives.ts tells its lives apart by the restart the manifest records, and in
 * an older manifest, without it, excuses every copy to or from that VM.)
 */

import type { EventRow } from '../run-folder/event-row.js';
import type { RestartClock, RestartOrder } from '../run-folder/run-facts.js';
import { expectedAfter } from './expected-after.js';
import type { LifeStart, RestartsSeen } from './killed-lives.js';
import type { CheckNote, ViolationLog } from './violation.js';

export class TickNumbering {
  readonly #vm: number;
  readonly #log: ViolationLog;
  #nextTick = 0;
  /** Malformed rows since the last good one: the next good tick may be up to this many past #nextTick. */
  #unsureTicks = 0;
  /** The configured restarts, in order, and how many the rows have shown. */
  readonly #restarts: RestartOrder;
  #restartsSeen = 0;
  /** The first row of the last restarted life seen (killed-lives.ts). */
  #lastRestart: LifeStart | null = null;
  readonly notes: CheckNote[] = [];
  /** Rows of the VM stay on its host (rows-on-host.ts): ticks missing here may have run. */
  readonly #rowsOnHost: boolean;

  constructor(vm: number, log: ViolationLog, restarts: RestartOrder, rowsOnHost: boolean) {
    this.#vm = vm;
    this.#log = log;
    this.#restarts = restarts;
    this.#rowsOnHost = rowsOnHost;
  }

  /** How many restarts the rows have shown so far: the life of the rows now judged. */
  get restartsSeen(): number {
    return this.#restartsSeen;
  }

  /** The restarts the rows showed, once they are all read. */
  get restarts(): RestartsSeen {
    return { lastRestart: this.#lastRestart, restartsLeft: this.#restarts.length - this.#restartsSeen };
  }

  /** A row that did not parse: it may have held a tick. */
  malformed(): void {
    this.#unsureTicks += 1;
  }

  /**
   * Checks a good row's tick number; says whether this row is where a restarted VM resumed, and with which clock.
   * `clock`: the clock of the last good row before it.
   */
  follow(row: EventRow, clock: number): 'no-restart' | RestartClock {
    const restart = this.#follow(row, clock);
    if (restart !== 'no-restart') this.#lastRestart = { line: row.line, elapsedMs: row.elapsedMs };
    return restart;
  }

  #follow(row: EventRow, clock: number): 'no-restart' | RestartClock {
    const { tick, line } = row;
    const lowest = this.#nextTick;
    const highest = lowest + this.#unsureTicks;
    // Follow the file's own numbering after a gap, so a gap is one violation and not one per row after it.
    this.#nextTick = tick + 1;
    this.#unsureTicks = 0;
    // The row's own jump says its clock stepped from 0: after a row with a clock, only a reset does that.
    const fromZero = clock > 0 && row.jump === row.clock;
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
