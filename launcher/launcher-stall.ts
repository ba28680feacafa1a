/**
 * How long the launcher itself stood still: a timer due every `everyMs`, read on a monotonic clock. A launcher
 * stopped (Ctrl-Z, SIGSTOP, a debugger), blocked, or on a machine asleep wakes with it that much late. Asked at any
 * time, the stall going on until then counts too: after a resume, the VMs' lines may be read before a timer fires.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

export type StallWatch = {
  /** The longest time between two of the launcher's wakes so far (or since the last one, if longer). */
  longestMs(): number;
  stop(): void;
};

/** Node's timers, unref'd (a watch never holds the launcher open), on performance.now(). */
export const monotonicTimer: Pick<TimerPort, 'now' | 'setTimer'> = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms).unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export function watchStalls(timer: Pick<TimerPort, 'now' | 'setTimer'>, everyMs: number): StallWatch {
  let last = timer.now();
  let longest = 0;
  let pending: TimerHandle | undefined;
  let stopped = false;
  const look = () => {
    const now = timer.now();
    longest = Math.max(longest, now - last);
    return now;
  };
  const next = () => {
    pending = timer.setTimer(() => {
      if (stopped) return;
      last = look();
      next();
    }, everyMs);
  };
  next();
  return {
    longestMs() {
      if (!stopped) look();
      return longest;
    },
    stop() {
      if (!stopped) look();
      stopped = true;
      pending?.cancel();
    },
  };
}
