/**
 * Time and timers, passed in wherever logic waits, so it is tested with a fake clock (test/fake-timer.ts). Which clock
 * `now()` reads is the implementation's: the launcher uses epoch milliseconds (its instants go to other processes),
 * a VM's tick loop a monotonic clock.
 */
import { preciseEpochMs } from './precise-epoch.js';

export type TimerPort = {
  now(): number;
  /** Runs `fn` once, `ms` from now (never before). */
  setTimer(fn: () => void, ms: number): TimerHandle;
  /** Runs `fn` after pending I/O. */
  setImmediate(fn: () => void): void;
};

export type TimerHandle = { cancel(): void };

/**
 * A monotonic clock (performance.now()) and Node's timers, unref'd: for what watches in the background (a
 * keep-alive, a stall watch) and must never hold a process open by itself.
 */
export const backgroundTimer: Pick<TimerPort, 'now' | 'setTimer'> = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms).unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * Epoch milliseconds and Node's timers: the launcher's clock, the one its VMs stamp rows on (precise-epoch.ts), so the
 * start, a stop, a fault's instant and every row are placed on one clock (Date.now() is up to 1 ms behind it).
 */
export const epochTimer: TimerPort = {
  now: preciseEpochMs,
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(timer) };
  },
  setImmediate: (fn) => {
    setImmediate(fn);
  },
};
