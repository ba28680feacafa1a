/**
 * When, and how long, the launcher itself stood still: a timer due every `everyMs` that woke late. A launcher
 * stopped (Ctrl-Z, SIGSTOP, a debugger) or blocked wakes late on its monotonic clock; on a machine asleep that clock
 * (CLOCK_MONOTONIC) stands still too, so each gap is the larger of the monotonic and the epoch clock's. Each stall is
 * kept as an epoch interval, to be matched against what else happened then (a VM's silence, silence-cut.ts). Asked
 * at any time, the stall going on until then counts too: after a resume, the VMs' lines may be read before a timer
 * fires.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

/** A span of launcher epoch ms. */
export type EpochWindow = { fromEpochMs: number; toEpochMs: number };

export type StallWatch = {
  /**
   * The longest time between two of the launcher's wakes (or since the last one, if longer): over the whole watch,
   * or among the stalls (gaps of more than two periods: a wake missed) that overlap `during`, 0 if none does.
   */
  longestMs(during?: EpochWindow): number;
  stop(): void;
};

type Stall = EpochWindow & { ms: number };

const overlaps = (stall: EpochWindow, window: EpochWindow) =>
  stall.fromEpochMs <= window.toEpochMs && stall.toEpochMs >= window.fromEpochMs;

/** `timer`: a monotonic clock and its timers; `epochNow`: the launcher's epoch clock, which runs on in a sleep. */
export function watchStalls(
  timer: Pick<TimerPort, 'now' | 'setTimer'>,
  everyMs: number,
  epochNow: () => number = Date.now,
): StallWatch {
  let last = { mono: timer.now(), epoch: epochNow() };
  let longest = 0;
  const stalls: Stall[] = [];
  let pending: TimerHandle | undefined;
  let stopped = false;
  /** The gap from the last wake to now, as an epoch interval ending now. */
  const gapToNow = (): Stall & { mono: number } => {
    const mono = timer.now();
    const epoch = epochNow();
    const ms = Math.max(mono - last.mono, epoch - last.epoch);
    return { mono, fromEpochMs: epoch - ms, toEpochMs: epoch, ms };
  };
  const isStall = (gap: Stall) => gap.ms > 2 * everyMs;
  const wake = () => {
    const gap = gapToNow();
    longest = Math.max(longest, gap.ms);
    if (isStall(gap)) stalls.push({ fromEpochMs: gap.fromEpochMs, toEpochMs: gap.toEpochMs, ms: gap.ms });
    last = { mono: gap.mono, epoch: gap.toEpochMs };
  };
  const next = () => {
    pending = timer.setTimer(() => {
      if (stopped) return;
      wake();
      next();
    }, everyMs);
  };
  next();
  return {
    longestMs(during) {
      const ongoing = stopped ? undefined : gapToNow();
      if (during === undefined) return Math.max(longest, ongoing?.ms ?? 0);
      let found = 0;
      for (const stall of ongoing !== undefined && isStall(ongoing) ? [...stalls, ongoing] : stalls) {
        if (overlaps(stall, during)) found = Math.max(found, stall.ms);
      }
      return found;
    },
    stop() {
      if (stopped) return;
      wake();
      stopped = true;
      pending?.cancel();
    },
  };
}
