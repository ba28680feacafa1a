/**
 * A tick whose deadline lies within this much of the stop does not run, in the VMs' tick loop, the sim and the
 * analysis's count of the ticks due alike: the stop instant crosses epoch and monotonic clocks, and float products
 * such as 30 x 0.1 = 3.0000000000000004 would otherwise let a tick due exactly at the stop slip in (or be counted).
 */
export const stopToleranceMs = 0.001;
