/**
 * tick-time: a row's elapsed_ms lies between its tick's deadline and the run's end. A VM runs tick k only once its
 * own clock has reached the deadline k x 1000 / rate after the start (vm/tick-scheduler.ts; the sim's ticks run at
 * their deadline plus a wake-up's lateness), and stamps the row on that same clock: a paused, late or restarted VM
 * runs later, never earlier, so a row before its deadline is one no VM wrote. The row's unit is real ms, so the rate
 * is clockRate x speed. The clocks' tolerance of receive-time.ts is allowed, plus the stop tolerance for the CSV's
 * three decimals.
 *
 * Nor is a row written after the launcher wrote the manifest: the run's end as it records it (endedAt less
 * startEpochMs, RunFacts.endElapsedMs), give or take the clocks' tolerance and endedAt's millisecond. A VM on
 * another host stamps its rows on its host's clock, placed at the start through an offset known to within half a
 * round trip, and that clock may drift: judged against the end only with both of its samples (the manifest's
 * clockStart and clockEnd, as clockDrifts holds them), allowing the drift and both half round trips. In the sim the
 * end is its virtual one, the run's length, and a tick due before it runs at most half a period late
 * (sim/wake-model.ts). Without a recorded start (an older manifest) only the deadline is judged.
 *
 * One finding per VM, its first row out of bounds: an edited time usually moves every row after it too.
 */
import type { EventRow } from '../run-folder/event-row.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { msText as ms } from '../shared/microsecond-ms.js';
import { stopToleranceMs, tickDeadline } from '../shared/stop-tolerance.js';
import { sameHostToleranceMs } from './receive-time.js';
import type { ViolationLog } from './violation.js';

/** endedAt is an ISO string to the millisecond: the true end may lie up to 1 ms after it. */
const endedAtResolutionMs = 1;

/** The latest elapsed_ms a row may carry, and how the finding says it. */
type Latest = { atMs: number; said: string };

export class TickTime {
  readonly #vm: number;
  readonly #facts: RunFacts;
  /** Ticks per real second: elapsed_ms counts real ms. */
  readonly #rate: number;
  readonly #latest: Latest | null;
  readonly #log: ViolationLog;
  #found = false;

  constructor(facts: RunFacts, vm: number, log: ViolationLog) {
    this.#vm = vm;
    this.#facts = facts;
    this.#rate = (facts.clockRates[vm] ?? 0) * facts.speed;
    this.#latest = latestRow(facts, vm, this.#rate);
    this.#log = log;
  }

  check(row: EventRow): void {
    if (this.#found || !(this.#rate > 0)) return;
    const deadline = tickDeadline(0, this.#rate, row.tick);
    const early = sameHostToleranceMs(this.#facts, deadline) + stopToleranceMs;
    if (row.elapsedMs < deadline - early) {
      const rate =
        this.#facts.speed === 1 ? `${this.#rate}` : `(${this.#facts.clockRates[this.#vm]} x ${this.#facts.speed})`;
      this.#add(
        row,
        `at least ${ms(deadline)} - ${ms(early)}, tick ${row.tick}'s deadline (${row.tick} x 1000 / ${rate} ticks/s)`,
      );
      return;
    }
    const latest = this.#latest;
    if (latest !== null && row.elapsedMs > latest.atMs) this.#add(row, `at most ${ms(latest.atMs)}, ${latest.said}`);
  }

  #add(row: EventRow, expected: string): void {
    this.#found = true;
    this.#log.add({
      rule: 'tick-time',
      vm: this.#vm,
      tick: row.tick,
      line: row.line,
      found: `elapsed_ms ${row.elapsedMs} for tick ${row.tick}`,
      expected,
    });
  }
}

function latestRow(facts: RunFacts, vm: number, rate: number): Latest | null {
  if (facts.engine === 'sim') {
    const endMs = (facts.durationSeconds * 1000) / facts.speed;
    const slack = 500 / rate + stopToleranceMs;
    return { atMs: endMs + slack, said: `the sim's end at ${ms(endMs)} plus half a period (a wake-up's latest)` };
  }
  const endMs = facts.endElapsedMs;
  if (endMs === undefined) return null;
  const clocks = sameHostToleranceMs(facts, endMs) + endedAtResolutionMs;
  const recorded = facts.byHand === undefined ? "the manifest's" : "the latest vm-K.json's";
  const end = `the run's end at ${ms(endMs)} (${recorded} endedAt - startEpochMs)`;
  const host = facts.vms[vm]?.host;
  if (host === undefined) return { atMs: endMs + clocks, said: `${end} + ${ms(clocks)} between clocks` };
  const drift = facts.clockDrifts.find((d) => d.host === host);
  // No end sample: how far the host's clock moved over the run is unknown.
  if (drift === undefined) return null;
  const within = clocks + Math.abs(drift.driftMs) + drift.errorMs;
  return { atMs: endMs + within, said: `${end} + ${ms(within)} between clocks (host ${host}'s offset and drift)` };
}
