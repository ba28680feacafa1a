/**
 * Lamport's rules, as pure functions: a send (to one peer or to all) and an internal event advance the clock by one;
 * a receive takes max(local, carried) + 1.
 */
export type ClockStep = { clock: number; jump: number };

export function localEvent(clock: number): ClockStep {
  return { clock: clock + 1, jump: 1 };
}

export function receiveEvent(clock: number, carried: number): ClockStep {
  const next = Math.max(clock, carried) + 1;
  return { clock: next, jump: next - clock };
}
