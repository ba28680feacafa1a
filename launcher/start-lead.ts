/**
 * How long before the common start instant the launcher sends it: every VM must have heard it, and be idle, by then.
 * The VMs are warm when they report ready (vm/warm-up.ts: the tick code run on throwaway state), so
 * the lead only covers the launcher writing the start message to each VM in turn and each VM waking to read it, on
 * cores the VMs share: about a millisecond per VM.
 *
 * Measured (issue 13; 2 cores, each VM noting how far ahead of the instant the message reached it; the latest VM of
 * each run, three or four runs each): quiet, 1.4-2.0 ms after it was sent with 3 VMs, 6.2-6.8 ms with 8, 17-47 ms
 * with 32, 42-50 ms with 64; beside four busy loops (load ~10), 1.3-2.4 ms with 3, 4.4-8.3 ms with 8, 17-33 ms with
 * 32. The lead is at least twice the latest of those (8 times with 3 VMs): 10 ms plus 3 ms per VM. It was 30 ms plus
 * 3 per VM, which made a 3-VM start wait 20 ms for nothing.
 */
export const startLeadMs = (machines: number): number => 10 + 3 * machines;
