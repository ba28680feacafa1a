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
