/**
 * The real clock and waits behind the tick loop: performance.now(), setTimeout, and Atomics on a private
 * SharedArrayBuffer for sub-millisecond waits (nothing ever notifies it, so every wait runs to its timeout).
 */
import type { TickTimer } from './tick-scheduler.js';

const cell = new Int32Array(new SharedArrayBuffer(4));
/** Node 20 has Atomics.waitAsync; the project's TypeScript lib (ES2023) does not declare it yet. */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
/** A pending Atomics.waitAsync does not keep Node alive on its own: this ref'd handle does, only while one waits. */
let keepAlive: NodeJS.Timeout | undefined;
let waiting = 0;

export const realTimer: TickTimer = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  waitPrecise: (fn, ms) => {
    const result = waitAsync(cell, 0, 0, ms);
    if (!result.async) {
      setImmediate(fn);
      return;
    }
    keepAlive ??= setInterval(() => {}, 1 << 30);
    if (waiting++ === 0) keepAlive.ref();
    void result.value.then(() => {
      if (--waiting === 0) keepAlive?.unref();
      fn();
    });
  },
  block: (ms) => {
    Atomics.wait(cell, 0, 0, ms);
  },
  setImmediate: (fn) => {
    setImmediate(fn);
  },
};
