/**
 * A run's steady state cut into windows as long as the start window (the first 100 ms after the common start), from
 * its first second on, and those in which any process ran a tick more than one period late. A start is one such
 * window: the share of steady windows with a late tick is what a start would show if it were no worse than the rest
 * of the run. Late ticks come in clusters (one stall of the host makes many processes late at once), so it is the
 * windows that are counted, not the ticks.
 */
import { earlyWindowMs, stallSlotMs, steadyFromMs } from './lateness-summary.js';

export type LateWindows = { late: number; windows: number };

export function lateWindows(processes: readonly { lateSlots: readonly number[] }[], durationS: number): LateWindows {
  const endMs = durationS * 1000;
  const late = new Set<number>();
  for (const process of processes) {
    for (const slot of process.lateSlots) {
      const atMs = slot * stallSlotMs;
      if (atMs >= steadyFromMs && atMs < endMs) late.add(Math.floor(atMs / earlyWindowMs));
    }
  }
  return { late: late.size, windows: Math.max(0, Math.floor((endMs - steadyFromMs) / earlyWindowMs)) };
}
