/**
 * The space-time overview's data: how many events were logged per slice of the run (a strip the whole run wide,
 * so a long run can be navigated), and where copies went undelivered (so they can be found without scrolling).
 */

import type { RunEvents } from '../run-events.js';
import { copyFate, type MessageCopies } from './message-copies.js';

export type OverviewData = {
  /** Events of every VM per slice (one series: stacking per VM would not suit the strip's sqrt scale). */
  density: { t0: number; t1: number; count: number }[];
  /** Real seconds of the sends whose copies were not received, one per distinct thousandth of the run. */
  undelivered: { t: number }[];
};

export function overviewData(run: RunEvents, copies: MessageCopies, buckets = 300): OverviewData {
  const width = run.endMs / buckets;
  const counts = new Int32Array(buckets);
  for (const vm of run.vms) {
    for (const t of vm.elapsedMs) {
      const k = Math.min(buckets - 1, Math.max(0, Math.floor(t / width)));
      counts[k] = (counts[k] as number) + 1;
    }
  }
  const density: OverviewData['density'] = [];
  counts.forEach((count, k) => {
    if (count > 0) density.push({ t0: (k * width) / 1000, t1: ((k + 1) * width) / 1000, count });
  });
  const seen = new Set<number>();
  const undelivered: OverviewData['undelivered'] = [];
  for (let i = 0; i < copies.count; i++) {
    if (copies.fate[i] === copyFate.received) continue;
    const sentMs = run.vms[copies.fromVm[i] as number]?.elapsedMs[copies.fromRow[i] as number] ?? 0;
    const slot = Math.round((sentMs / Math.max(run.endMs, 1)) * 1000);
    if (seen.has(slot)) continue;
    seen.add(slot);
    undelivered.push({ t: sentMs / 1000 });
  }
  return { density, undelivered };
}
