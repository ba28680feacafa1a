/**
 * Moments when many VMs were late together: a stall of the whole machine (or of something every VM does at the same
 * time), not of one VM. A moment is a 10 ms slot of the run, by deadline, in which at least a quarter of the VMs ran
 * a tick more than one period late. Printed for the 32 and 64 VM cases so a periodic cause shows as a pattern.
 */
import { stallSlotMs } from './lateness-summary.js';

export type StallMoments = { count: number; atMs: number[] };

export function synchronizedStalls(vms: readonly { lateSlots: readonly number[] }[]): StallMoments {
  const together = new Map<number, number>();
  for (const vm of vms) for (const slot of vm.lateSlots) together.set(slot, (together.get(slot) ?? 0) + 1);
  const atMs = [...together.entries()]
    .filter(([, count]) => count >= vms.length / 4)
    .map(([slot]) => slot * stallSlotMs)
    .sort((a, b) => a - b);
  return { count: atMs.length, atMs };
}

/** `2300, 2310, 3050 ms` -> runs of adjacent slots as `2300-2310, 3050` (ms), the first `max` of them. */
export function describeMoments(atMs: readonly number[], max = 12): string {
  const runs: [number, number][] = [];
  for (const at of atMs) {
    const last = runs.at(-1);
    if (last !== undefined && at - last[1] <= stallSlotMs) last[1] = at;
    else runs.push([at, at]);
  }
  const text = runs.slice(0, max).map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`));
  return `${text.join(', ')}${runs.length > max ? `, ... (${runs.length} in all)` : ''} ms`;
}
