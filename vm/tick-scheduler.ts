/**
 * Runs tick k at its absolute deadline start + k * 1000 / rate, never before it. Work time never shifts later ticks
 * (no sleep-after-work drift); when the loop falls behind it runs the missed ticks back to back to catch up.
 * Timers are passed in, so the scheduler is tested with a fake clock.
 */
export type TimerPort = {
  /** Monotonic milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): void;
  /** Runs fn after pending I/O: used between catch-up ticks so sockets are still read. */
  setImmediate(fn: () => void): void;
};

export type TickLoopOptions = {
  timer: TimerPort;
  rate: number;
  startAt: number;
  stopAt: number;
  /** The first tick to run (a restarted VM rejoins the schedule at the current deadline); 0 by default. */
  firstTick?: number;
  onTick(tick: number, deadline: number): void;
  onEnd(ticks: number): void;
};

const stopToleranceMs = 0.001;

export type TickLoop = {
  /** Moves the stop earlier (never later): ticks whose deadline is at or past `at` do not run. */
  stopBy(at: number): void;
};

export function startTickLoop(options: TickLoopOptions): TickLoop {
  const { timer, rate, startAt, onTick, onEnd } = options;
  let stopAt = options.stopAt;
  let tick = options.firstTick ?? 0;
  let ended = false;
  /** The deadline the armed timer waits for, if one is armed. */
  let waitingFor = Number.POSITIVE_INFINITY;
  const deadlineOf = (k: number) => startAt + (k * 1000) / rate;
  /** Sub-millisecond wake-ups (realTimer polls the last fraction) only where a millisecond matters: periods <= 5 ms. */
  const precise = 1000 / rate <= 5;

  /** Arms the wake-up for the next tick: a timer when it is ahead, at once (after pending I/O) when it is due. */
  const schedule = () => {
    const deadline = deadlineOf(tick);
    // Within a microsecond of the stop counts as at the stop: the stop instant crosses epoch and monotonic clocks,
    // whose float rounding would otherwise let a tick due exactly at the stop slip in.
    if (deadline >= stopAt - stopToleranceMs) {
      ended = true;
      onEnd(tick - (options.firstTick ?? 0));
      return;
    }
    const remaining = deadline - timer.now();
    if (remaining > 0) {
      waitingFor = deadline;
      timer.setTimer(step, precise ? remaining : Math.ceil(remaining));
    } else timer.setImmediate(step);
  };

  const step = () => {
    if (ended) return;
    waitingFor = Number.POSITIVE_INFINITY;
    const deadline = deadlineOf(tick);
    // Timers may fire early by a fraction of a millisecond: a tick runs only once its deadline has passed.
    if (deadline < stopAt - stopToleranceMs && deadline <= timer.now()) {
      onTick(tick, deadline);
      tick += 1;
    }
    schedule();
  };

  timer.setImmediate(step);
  return {
    stopBy(at) {
      stopAt = Math.min(stopAt, at);
      // Waiting for a tick past the new stop: end at the stop instead (the armed timer then finds the loop ended).
      if (!ended && waitingFor >= stopAt && waitingFor !== Number.POSITIVE_INFINITY) {
        waitingFor = Number.POSITIVE_INFINITY;
        timer.setTimer(step, Math.max(0, Math.ceil(stopAt - timer.now())));
      }
    },
  };
}

/**
 * setTimeout has whole-millisecond resolution and fires 0-1 ms after ceil(ms), uniformly: at 1000/s that is up to a
 * whole period late. Within `spinMs` of the target the loop polls through setImmediate (step() re-checks the time);
 * when the target lies just past a whole millisecond it sleeps floor(ms) and polls the rest; otherwise ceil(ms)
 * lands under 1 - spinMs late. The polling costs about spinMs^2 / 2 ms per tick.
 */
const spinMs = 0.3;

export const realTimer: TimerPort = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    if (ms <= spinMs) {
      setImmediate(fn);
      return;
    }
    const fraction = ms - Math.floor(ms);
    setTimeout(fn, fraction <= spinMs ? Math.floor(ms) : Math.ceil(ms));
  },
  setImmediate: (fn) => {
    setImmediate(fn);
  },
};
