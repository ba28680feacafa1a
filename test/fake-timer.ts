/**
 * The one fake for shared/timer-port.ts. Time moves only when the test says so: run() plays every timer to the end,
 * advanceTo(t) plays those due up to t, wakeAt(t, io) as a process suspended until t wakes. Options model a real, busy machine:
 * - `early`: timers fire up to this many ms before they are due (as setTimeout can);
 * - `minDelayMs`: a timer never fires at the instant it was set (time on a real machine always moves on);
 * - `readDriftMs`: every now() moves the clock on by this much (a busy machine's clock moves as it is read), while
 *   timers count from the time the loop last woke, as libuv's do.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

export type FakeTimerOptions = { early?: number; minDelayMs?: number; readDriftMs?: number };

export class FakeTimer implements TimerPort {
  time: number;
  early: number;
  timersSet = 0;
  immediatesSet = 0;
  readonly #minDelayMs: number;
  readonly #readDriftMs: number;
  #loopTime: number;
  #seq = 0;
  #timers: { at: number; seq: number; fn: () => void; live: boolean }[] = [];
  #immediates: (() => void)[] = [];

  constructor(start: number, options: FakeTimerOptions = {}) {
    this.time = start;
    this.#loopTime = start;
    this.early = options.early ?? 0;
    this.#minDelayMs = options.minDelayMs ?? 0;
    this.#readDriftMs = options.readDriftMs ?? 0;
  }

  now(): number {
    this.time += this.#readDriftMs;
    return this.time;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    this.timersSet += 1;
    const from = this.#readDriftMs > 0 ? this.#loopTime : this.time;
    const entry = { at: from + Math.max(ms - this.early, this.#minDelayMs), seq: this.#seq++, fn, live: true };
    this.#timers.push(entry);
    return {
      cancel: () => {
        entry.live = false;
      },
    };
  }

  setImmediate(fn: () => void): void {
    this.immediatesSet += 1;
    this.#immediates.push(fn);
  }

  /** Timers still waiting to fire. */
  get pending(): number {
    return this.#timers.filter((t) => t.live).length;
  }

  /** Runs until nothing is scheduled. */
  run(maxSteps = 1_000_000): void {
    this.advanceTo(Number.POSITIVE_INFINITY, maxSteps);
  }

  /** Runs every immediate and every timer due at or before `until`, in order; then the clock reads `until`. */
  advanceTo(until: number, maxSteps = 1_000_000): void {
    for (let steps = 0; steps < maxSteps; steps++) {
      const immediate = this.#immediates.shift();
      if (immediate !== undefined) {
        immediate();
        continue;
      }
      if (!this.#fireNext(until)) {
        if (Number.isFinite(until)) this.time = Math.max(this.time, until);
        this.#loopTime = this.time;
        return;
      }
    }
    throw new Error(`fake timer still busy after ${maxSteps} steps`);
  }

  /**
   * Node's loop waking at `at` from a long stop (a suspended process, Ctrl-Z then fg), as libuv orders one turn:
   * every timer due fires first, then the I/O that waited meanwhile is read (`io`, the test's), and only then the
   * immediates queued.
   */
  async wakeAt(at: number, io: () => Promise<void>): Promise<void> {
    while (this.#fireNext(at));
    this.time = Math.max(this.time, at);
    this.#loopTime = this.time;
    await io();
    this.advanceTo(at);
  }

  /** Fires the earliest timer due at or before `until`; false when there is none. */
  #fireNext(until: number): boolean {
    this.#timers = this.#timers.filter((t) => t.live);
    this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = this.#timers[0];
    if (timer === undefined || timer.at > until) return false;
    this.#timers.shift();
    timer.live = false;
    this.time = Math.max(this.time, timer.at);
    this.#loopTime = this.time;
    timer.fn();
    return true;
  }
}
