/**
 * How many ticks a VM should log: clockRate x durationSeconds, give or take max(2, 2%). The slack covers the
 * partial tick at either end of the window and a loaded box running a little behind; more than that is a VM
 * that stopped early (or, above, a tick loop that ran too fast).
 */
export function expectedTicks(clockRate: number, durationSeconds: number): number {
  return clockRate * durationSeconds;
}

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
