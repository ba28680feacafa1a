/**
 * How long before the common start instant the launcher sends it: every VM must have heard it, and be idle, by then.
 * The VMs are warm when they report ready (vm/warm-up.ts), so what the lead covers is the launcher writing the start
 * message to each VM in turn and each VM waking to read it, on a machine whose cores the VMs share.
 *
 * Measured on the 2-core machine (the issue 13 bench, `start-lead` in bench/results.json): the last VM heard the
 * start ~8 ms after it was sent with 3 VMs, ~40 ms with 32 and ~90 ms with 64 under load; the lead leaves twice that.
 */
export const startLeadMs = (machines: number): number => 30 + 3 * machines;
