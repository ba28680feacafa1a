/**
 * How late a VM's ticks ran against their schedule. Tick k is due k periods after the common start; a VM that falls
 * behind catches up, so its tick count ends right while many ticks ran late: only their time stamps tell. Kept as an
 * exact histogram of whole microseconds, O(distinct values) memory, so p99 is exact over millions of ticks.
 */
import { CountHistogram } from './count-histogram.js';

export type TickLateness = {
  /** Ticks whose row was stamped more than one period (1000 / configured rate ms) after the tick's deadline. */
  ticks: number;
  /** ticks / the VM's well-formed rows; null with none. */
  share: number | null;
  /** Nearest-rank 99th percentile of the lateness (experiment ms, to the microsecond, 0 for none); null with none. */
  p99Ms: number | null;
  maxMs: number | null;
};

/**
 * A lateness within this of exactly one period counts as one period, not more: it absorbs the float error of
 * elapsed x speed - tick x period (far below the CSV's microsecond, whatever the speed).
 */
const toleranceMs = 1e-6;

/** Lateness up to this many microseconds is counted in an array: on a loaded machine most ticks are a few ms late. */
const denseMicroseconds = 16_384;

export class LatenessTally {
  readonly #periodMs: number;
  /** max(0, lateness) in whole experiment microseconds. */
  readonly #us = new CountHistogram(denseMicroseconds);
  #late = 0;

  /** `clockRate`: ticks per experiment second, as configured. */
  constructor(clockRate: number) {
    this.#periodMs = 1000 / clockRate;
  }

  /** `elapsedMs`: the row's time stamp in experiment ms (elapsed_ms x speed). */
  add(tick: number, elapsedMs: number): void {
    const lateMs = elapsedMs - tick * this.#periodMs;
    // A rate of 0 (none in the manifest) gives an infinite period: no tick of it is ever late.
    if (lateMs - this.#periodMs > toleranceMs) this.#late += 1;
    this.#us.add(lateMs > 0 ? Math.round(lateMs * 1000) : 0);
  }

  stats(): TickLateness {
    const n = this.#us.count;
    const p99 = this.#us.nearestRank(0.99);
    const max = this.#us.stats().max;
    return {
      ticks: this.#late,
      share: n === 0 ? null : this.#late / n,
      p99Ms: p99 === null ? null : p99 / 1000,
      maxMs: max === null ? null : max / 1000,
    };
  }
}

/**
 * The headline punctuality figure: the share of the ticks due (rate x duration) that ran at most one period after
 * their deadline. A tick never logged counts as not on time; null when none were due.
 */
export function onTimeShare(logged: number, lateTicks: number, expected: number): number | null {
  const due = Math.max(expected, logged);
  return due === 0 ? null : (logged - lateTicks) / due;
}
