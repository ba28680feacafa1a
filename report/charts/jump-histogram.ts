/**
 * Jump sizes (the jump column, as the analysis counts them) per group of VMs, in bins shared by every group so the
 * histograms line up: one bin per value while the values fit in `maxBins`, wider bins beyond. The report's groups
 * are single VMs; the comparison's are whole runs.
 */

/** Events of group `group` whose jump is in [from, to). */
export type JumpBin = { group: number; from: number; to: number; count: number };
export type JumpHistogram = { width: number; bins: JumpBin[] };

/** `groups[g]` holds the jump columns of group g. */
export function jumpHistogram(groups: readonly (readonly Int32Array[])[], maxBins = 40): JumpHistogram {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const column of groups.flat()) {
    for (const jump of column) {
      if (jump < low) low = jump;
      if (jump > high) high = jump;
    }
  }
  if (low > high) return { width: 1, bins: [] };
  const width = Math.max(1, Math.ceil((high - low + 1) / maxBins));
  const bins: JumpBin[] = [];
  groups.forEach((columns, group) => {
    const counts = new Map<number, number>();
    for (const column of columns) {
      for (const jump of column) {
        const from = low + Math.floor((jump - low) / width) * width;
        counts.set(from, (counts.get(from) ?? 0) + 1);
      }
    }
    for (const [from, count] of [...counts].sort((a, b) => a[0] - b[0]))
      bins.push({ group, from, to: from + width, count });
  });
  return { width, bins };
}
