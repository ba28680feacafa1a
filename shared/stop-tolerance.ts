/**
 * A tick whose deadline lies within this much of the stop does not run, in the VMs' tick loop, the sim and the
 * analysis's count of the ticks due alike: the stop instant crosses epoch and monotonic clocks, and float products
 * such as 30 x 0.1 = 3.0000000000000004 would otherwise let a tick due exactly at the stop slip in (or be counted).
 */
export const stopToleranceMs = 0.001;

/** Tick k's deadline: `startAt` plus k periods, computed as one product so no error adds up over the ticks. */
export const tickDeadline = (startAt: number, rate: number, tick: number): number => startAt + (tick * 1000) / rate;

/**
 * Whether a tick due at `deadline` runs before a stop at `stopAt` (same clock). The VMs' tick loop decides by this,
 * and so does the launcher when it judges whether a stop would cut any tick: the two must agree exactly.
 */
export const runsBeforeStop = (deadline: number, stopAt: number): boolean => deadline < stopAt - stopToleranceMs;
