/**
 * Runs tick k at its absolute deadline start + k * 1000 / rate, never before it. Work time never shifts later ticks
 * (no sleep-after-work drift); when the loop falls behind it runs the missed ticks back to back to catch up.
 * How it waits for a deadline is tick-wait.ts; the clock and the waits are passed in, so it is tested with a fake.
 */
import { runsBeforeStop, tickDeadline } from '../shared/stop-tolerance.js';
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';
import { chooseWait } from './tick-wait.js';

/**
 * The tick loop's clock: the one timer port (monotonic milliseconds here) plus the two sub-millisecond waits that
 * only a VM's tick loop needs.
 */
export type TickTimer = TimerPort & {
  /** A sub-millisecond wait that keeps the event loop (sockets) running. */
  waitPrecise(fn: () => void, ms: number): void;
  /** Blocks the thread for `ms`: nothing else runs meanwhile. */
  block(ms: number): void;
};
export type TickLoopOptions = {
  timer: TickTimer;
  rate: number;
  startAt: number;
  stopAt: number;
  /** The first tick to run (a restarted VM rejoins the schedule at the current deadline); 0 by default. */
  firstTick?: number;
  onTick(tick: number, deadline: number): void;
  onEnd(ticks: number): void;
};

export type TickLoop = {
  /** Moves the stop earlier (never later): ticks whose deadline is at or past `at` do not run. */
  stopBy(at: number): void;
};

export function startTickLoop(options: TickLoopOptions): TickLoop {
  const { timer, rate, startAt, onTick, onEnd } = options;
  let stopAt = options.stopAt;
  let tick = options.firstTick ?? 0;
  let ended = false;
  /** The deadline the armed wait is for, if one is armed. */
  let waitingFor = Number.POSITIVE_INFINITY;
  /**
   * The armed sleep, cancelled when a stop moves the end before it: the loop is armed in the start lead, and its
   * sleep to the start would otherwise hold a stopped VM's process open until the start instant.
   */
  let sleeping: TimerHandle | undefined;
  const cancelSleep = () => {
    sleeping?.cancel();
    sleeping = undefined;
  };
  const periodMs = 1000 / rate;
  const deadlineOf = (k: number) => tickDeadline(startAt, rate, k);

  /** Arms the wake-up for the next tick: a wait when it is ahead, at once (after pending I/O) when it is due. */
  const schedule = () => {
    const deadline = deadlineOf(tick);
    // Within a microsecond of the stop counts as at the stop: the stop instant crosses epoch and monotonic clocks,
    // whose float rounding would otherwise let a tick due exactly at the stop slip in.
    if (!runsBeforeStop(deadline, stopAt)) {
      ended = true;
      cancelSleep();
      onEnd(tick - (options.firstTick ?? 0));
      return;
    }
    const wait = chooseWait(deadline - timer.now(), periodMs);
    switch (wait.kind) {
      case 'now':
        return timer.setImmediate(step);
      case 'sleep':
        waitingFor = deadline;
        sleeping = timer.setTimer(step, wait.ms);
        return;
      case 'precise':
        waitingFor = deadline;
        return timer.waitPrecise(step, wait.ms);
      case 'block':
        // The tick still goes through setImmediate: bytes that arrived during the block are read first.
        timer.block(wait.ms);
        return timer.setImmediate(step);
      default: {
        const never: never = wait;
        throw new Error(`unknown wait ${JSON.stringify(never)}`);
      }
    }
  };

  const step = () => {
    if (ended) return;
    waitingFor = Number.POSITIVE_INFINITY;
    sleeping = undefined;
    const deadline = deadlineOf(tick);
    // Timers may fire early by a fraction of a millisecond: a tick runs only once its deadline has passed.
    if (runsBeforeStop(deadline, stopAt) && deadline <= timer.now()) {
      onTick(tick, deadline);
      tick += 1;
    }
    schedule();
  };

  timer.setImmediate(step);
  return {
    stopBy(at) {
      stopAt = Math.min(stopAt, at);
      // Waiting for a tick past the new stop: end at the stop instead. The sleep is cancelled; a precise wait (under
      // a period) is not, and finds the loop ended. A later, earlier stop moves this wake-up again.
      if (!ended && waitingFor >= stopAt && waitingFor !== Number.POSITIVE_INFINITY) {
        cancelSleep();
        waitingFor = stopAt;
        sleeping = timer.setTimer(step, Math.max(0, Math.ceil(stopAt - timer.now())));
      }
    },
  };
}

/**
 * The loop as a promise of its end (the ticks it ran), with the loop itself to stop it early. The VM's run and its
 * rehearsal (warm-up.ts) both start their loop here, so the start of the run's loop is not a first call either.
 */
export function runTickLoop(options: Omit<TickLoopOptions, 'onEnd'>): { loop: TickLoop; ended: Promise<number> } {
  let onEnd: (ticks: number) => void = () => {};
  const ended = new Promise<number>((resolve) => {
    onEnd = resolve;
  });
  return { loop: startTickLoop({ ...options, onEnd }), ended };
}
