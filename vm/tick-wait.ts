/**
 * How a VM waits for its next tick's deadline, as a pure rule (the tick loop applies it; tested with a fake clock).
 *
 * Measured on this 2-core machine (3 processes ticking; /work/shared/reference/toolchain.md): setTimeout alone has
 * whole-millisecond resolution and fires 0-1 ms late (74-87% of ticks on time at 1000/s). Sleeping with setTimeout
 * to ~1.5 ms before the deadline and waiting the rest with `Atomics.waitAsync` (sub-millisecond, the event loop
 * keeps running) gave 99.2% at 1000/s but 62-69% at 5000/s, where a blocking `Atomics.wait` gave 98.2%.
 *
 * So: long periods (> 5 ms) sleep to the deadline in one timer (a millisecond is a small part of the period, and one
 * wake-up per tick keeps 64 VMs cheap), short ones sleep to `leadMs` before it and wait the rest precisely, and only
 * periods under a millisecond block for their last part. A blocking wait is at most one such period; bytes that
 * arrive meanwhile are read before the tick runs (the tick goes through setImmediate, after the poll phase), so a
 * message reaches the network queue before the same tick as it would have; only its arrival stamp (the latency
 * figure) can be up to that wait later.
 */
export type Wait =
  /** Due: run the tick (after pending I/O). */
  | { kind: 'now' }
  /** setTimeout for `ms` (it may fire up to ~1 ms early or late: the loop checks the time again). */
  | { kind: 'sleep'; ms: number }
  /** Sub-millisecond wait that keeps the event loop running (Atomics.waitAsync). */
  | { kind: 'precise'; ms: number }
  /** Blocks the thread for `ms` (Atomics.wait), then runs the tick after pending I/O. */
  | { kind: 'block'; ms: number };

/** Periods up to this get the precise wait for their last part; longer ones sleep in whole milliseconds. */
export const precisePeriodMs = 5;
/** How far before the deadline the sleep ends and the precise wait takes over. */
export const leadMs = 1.5;
/** Periods under this (rates over 1000/s) block for their last part: waitAsync wakes too late for them. */
export const blockPeriodMs = 1;

export function chooseWait(remainingMs: number, periodMs: number): Wait {
  if (remainingMs <= 0) return { kind: 'now' };
  if (periodMs > precisePeriodMs) {
    // A timer that fired early leaves a fraction of a millisecond: wait that precisely rather than a whole 1 ms.
    return remainingMs < 1 ? { kind: 'precise', ms: remainingMs } : { kind: 'sleep', ms: Math.ceil(remainingMs) };
  }
  const sleepMs = Math.floor(remainingMs - leadMs);
  if (sleepMs >= 1) return { kind: 'sleep', ms: sleepMs };
  return periodMs < blockPeriodMs ? { kind: 'block', ms: remainingMs } : { kind: 'precise', ms: remainingMs };
}
