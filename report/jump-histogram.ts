/**
 * Jump sizes per VM (the jump column, as the analysis counts them), in bins shared by every VM so the histograms
 * line up: one bin per value while the values fit in `maxBins`, wider bins beyond.
 */
import type { VmEvents } from './vm-events.js';

/** Events of `vm` whose jump is in [from, to). */
export type JumpBin = { vm: number; from: number; to: number; count: number };

export function jumpHistogram(vms: readonly VmEvents[], maxBins = 40): { width: number; bins: JumpBin[] } {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const vm of vms) {
    for (const jump of vm.jump) {
      if (jump < low) low = jump;
      if (jump > high) high = jump;
    }
  }
  if (low > high) return { width: 1, bins: [] };
  const width = Math.max(1, Math.ceil((high - low + 1) / maxBins));
  const bins: JumpBin[] = [];
  for (const vm of vms) {
    const counts = new Map<number, number>();
    for (const jump of vm.jump) {
      const from = low + Math.floor((jump - low) / width) * width;
      counts.set(from, (counts.get(from) ?? 0) + 1);
    }
    for (const [from, count] of [...counts].sort((a, b) => a[0] - b[0]))
      bins.push({ vm: vm.vm, from, to: from + width, count });
  }
  return { width, bins };
}
