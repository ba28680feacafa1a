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
};

export const earlyWindowMs = 100;

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
  lateMs.forEach((late, i) => {
    if (late <= periodMs) onTime += 1;
    else if ((tickNumbers?.[i] ?? i) * periodMs < earlyWindowMs) lateEarly += 1;
  });
  return {
    ticks: lateMs.length,
    onTime,
    onTimeShare: onTime / Math.round(rate * durationS),
    p50LateMs: percentile(lateMs, 50),
    p99LateMs: percentile(lateMs, 99),
    maxLateMs: lateMs.reduce((max, late) => Math.max(max, late), Number.NEGATIVE_INFINITY),
    lateEarly,
  };
}
