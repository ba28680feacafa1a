/**
 * Faults that hold a VM for a while (a kill until its restart, a pause until its resume), and the ones that fall in
 * such a hold of their VM: the config refuses those (fault-config.ts, pause-overlaps.ts), since the engines would
 * undo or lose the one before.
 */

/** Where a fault starts and until when it holds its VM (Infinity: to the end of the run). */
export type Hold = { vm: number; atSecond: number; untilSecond: number };

/**
 * Pairs [i, j] where fault j starts while fault i holds its VM, from i's start to its end, both included (faults at
 * one instant act in the order listed, so they have no order a config could rely on). Faults at one instant are said
 * once, the later in the list blamed; each fault j once, by the earliest fault holding its VM.
 */
export function heldPairs(holds: readonly Hold[]): [number, number][] {
  const pairs: [number, number][] = [];
  holds.forEach((held, i) => {
    holds.forEach((fault, j) => {
      if (i === j || fault.vm !== held.vm || fault.atSecond < held.atSecond) return;
      if (fault.atSecond === held.atSecond && j < i) return;
      if (fault.atSecond <= held.untilSecond) pairs.push([i, j]);
    });
  });
  const at = (i: number) => holds[i]?.atSecond ?? 0;
  pairs.sort((a, b) => a[1] - b[1] || at(a[0]) - at(b[0]) || a[0] - b[0]);
  return pairs.filter(([, j], k) => pairs[k - 1]?.[1] !== j);
}
