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
  /**
   * The ticks run that were due from `steadyFromMs` on, and those of them more than one period late: the rate of late
   * ticks once the start is over, against which the first `earlyWindowMs` are read.
   */
  steadyTicks: number;
  steadyLate: number;
  /** The `stallSlotMs` slots of the run (by deadline, ascending) holding a tick more than one period late. */
  lateSlots: number[];
};

export const earlyWindowMs = 100;
/** Where the steady state counts from (steadyLate). */
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
  let steadyTicks = 0;
  let steadyLate = 0;
  const lateSlots = new Set<number>();
  lateMs.forEach((late, i) => {
    const deadline = (tickNumbers?.[i] ?? i) * periodMs;
    const steady = deadline >= steadyFromMs;
    if (steady) steadyTicks += 1;
    if (late <= periodMs) {
      onTime += 1;
      return;
    }
    if (steady) steadyLate += 1;
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
    steadyTicks,
    steadyLate,
    lateSlots: [...lateSlots].sort((a, b) => a - b),
  };
}
