/**
 * How long before the common start instant the launcher sends it: every VM must have heard it, and be idle, by then.
 * The VMs are warm when they report ready (vm/warm-up.ts: the tick code run on throwaway state), so
 * the lead only covers the launcher writing the start message to each VM in turn and each VM waking to read it, on
 * cores the VMs share.
 *
 * Measured (issue 13; 2 cores under a load average of 12-20 from other work, 100/s, each VM noting how far ahead of
 * the instant the message reached it): the last VM heard it ~5 ms after it was sent with 8 VMs, ~50 ms with 32 and
 * ~41 ms with 64. The lead is about twice that, and grows with the number of VMs the message goes to.
 */
export const startLeadMs = (machines: number): number => 30 + 3 * machines;
