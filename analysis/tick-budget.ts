/**
 * How many ticks a VM should log: one per deadline k / clockRate before the end (k = 0, 1, ...), so clockRate x
 * durationSeconds rounded up when that is not whole (3/s for 2.5 s runs ticks 0..7: 8 ticks), give or take
 * max(2, 2%). The slack covers a loaded box running a little behind; more than that is a VM that stopped early (or,
 * above, a tick loop that ran too fast).
 */
export function expectedTicks(clockRate: number, durationSeconds: number): number {
  // A deadline within a microsecond of the end does not run (vm/tick-scheduler.ts, sim/simulate.ts), which also
  // keeps float products such as 30 x 0.1 = 3.0000000000000004 from counting a tick that never runs.
  return Math.max(0, Math.ceil(((durationSeconds * 1000 - stopToleranceMs) * clockRate) / 1000));
}

const stopToleranceMs = 0.001;

export function tickTolerance(expected: number): number {
  return Math.max(2, 0.02 * expected);
}

export type TickVerdict = 'ok' | 'short' | 'long';

export function judgeTicks(ticks: number, expected: number): TickVerdict {
  const slack = tickTolerance(expected);
  if (ticks < expected - slack) return 'short';
  if (ticks > expected + slack) return 'long';
  return 'ok';
}

/**
 * A short VM either ended early (its last row comes before the end by more than the slack's worth of ticks) or
 * missed ticks along the way and still ran to the end (a VM killed and restarted by an injected fault).
 */
export function shortfall(
  ticks: number,
  clockRate: number,
  durationSeconds: number,
  lastElapsedMs: number | null,
): { short: boolean; endedEarly: boolean } {
  const expected = expectedTicks(clockRate, durationSeconds);
  const short = judgeTicks(ticks, expected) === 'short';
  const slackMs = (tickTolerance(expected) / clockRate) * 1000;
  const endedEarly = short && (lastElapsedMs === null || lastElapsedMs < durationSeconds * 1000 - slackMs);
  return { short, endedEarly };
}
