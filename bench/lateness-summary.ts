/**
 * The punctuality figures of one ticking process, from the lateness of each tick (time stamp minus deadline k/rate):
 * on time is the share of the ticks due in the run, rate x duration, that ran at most one period after their deadline.
 */
import { percentile } from './stats.js';

export type LatenessSummary = {
  ticks: number;
  onTime: number;
  /** onTime / (rate x duration): a tick never run counts as not on time. */
  onTimeShare: number;
  p50LateMs: number;
  p99LateMs: number;
  maxLateMs: number;
  /** Ticks due in the first `earlyWindowMs` after the common start that ran more than one period late. */
  lateEarly: number;
  /** The `stallSlotMs` slots of the run (by deadline, ascending) holding a tick more than one period late. */
  lateSlots: number[];
};

export const earlyWindowMs = 100;
/** Where a run's steady state counts from (late-windows.ts). */
export const steadyFromMs = 1000;
/** Width of the time slots in which late ticks of different processes count as one moment (synchronized-stalls.ts). */
export const stallSlotMs = 10;

/** `lateMs[i]`: lateness of the i-th tick run, whose tick number is `ticks[i]` (i itself when not given). */
export function summarizeLateness(
  lateMs: readonly number[],
  rate: number,
  durationS: number,
  tickNumbers?: readonly number[],
): LatenessSummary {
  const periodMs = 1000 / rate;
  let onTime = 0;
  let lateEarly = 0;
  const lateSlots = new Set<number>();
  lateMs.forEach((late, i) => {
    if (late <= periodMs) {
      onTime += 1;
      return;
    }
    const deadline = (tickNumbers?.[i] ?? i) * periodMs;
    if (deadline < earlyWindowMs) lateEarly += 1;
    lateSlots.add(Math.floor(deadline / stallSlotMs));
  });
  return {
    ticks: lateMs.length,
    onTime,
    onTimeShare: onTime / Math.round(rate * durationS),
    p50LateMs: percentile(lateMs, 50),
    p99LateMs: percentile(lateMs, 99),
    maxLateMs: lateMs.reduce((max, late) => Math.max(max, late), Number.NEGATIVE_INFINITY),
    lateEarly,
    lateSlots: [...lateSlots].sort((a, b) => a - b),
  };
}
