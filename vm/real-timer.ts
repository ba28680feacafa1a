/**
 * The real clock and waits behind the tick loop: performance.now(), setTimeout, and Atomics on a private
 * SharedArrayBuffer for sub-millisecond waits (nothing ever notifies it, so every wait runs to its timeout).
 */
import { PreciseWaker, type WaitAsync } from './precise-waker.js';
import type { TickTimer } from './tick-scheduler.js';
import { blockPeriodMs, precisePeriodMs } from './tick-wait.js';

const cell = new Int32Array(new SharedArrayBuffer(4));
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
/** A pending Atomics.waitAsync does not keep Node alive on its own: this ref'd handle does, only while one waits. */
let keepAlive: NodeJS.Timeout | undefined;
let waiting = 0;

const whileWaiting = (wait: Promise<unknown>, fn: () => void) => {
  keepAlive ??= setInterval(() => {}, 1 << 30);
  if (waiting++ === 0) keepAlive.ref();
  void wait.then(() => {
    if (--waiting === 0) keepAlive?.unref();
    fn();
  });
};

export const realTimer: TickTimer = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  // Whole milliseconds in fact (precise-waker.ts says why): enough for the rare fraction a long period leaves.
  waitPrecise: (fn, ms) => {
    const result = waitAsync(cell, 0, 0, ms);
    if (!result.async) {
      setImmediate(fn);
      return;
    }
    whileWaiting(result.value, fn);
  },
  block: (ms) => {
    Atomics.wait(cell, 0, 0, ms);
  },
  setImmediate: (fn) => {
    setImmediate(fn);
  },
};

/** One helper thread per process, started by the first tick loop that needs it. */
let waker: PreciseWaker | undefined;

/**
 * The real timer for a tick loop at `rate`: where the precise wait is every tick's (periods from 1 to 5 ms,
 * tick-wait.ts), it wakes through a helper thread, to the microsecond; elsewhere the plain one.
 */
export function realTimerFor(rate: number): TickTimer {
  const periodMs = 1000 / rate;
  if (periodMs > precisePeriodMs || periodMs < blockPeriodMs) return realTimer;
  waker ??= new PreciseWaker();
  const precise = waker;
  return { ...realTimer, waitPrecise: (fn, ms) => whileWaiting(precise.wait(ms), fn) };
}
