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

/** `3`, or `1-10` for a bin of several whole values: whole numbers, as jumps are. */
export function jumpBinLabel(bin: Pick<JumpBin, 'from' | 'to'>): string {
  return bin.to - bin.from === 1 ? String(bin.from) : `${bin.from}-${bin.to - 1}`;
}

/** Every bin's label from the lowest to the highest, empty ones included: an x domain on which gaps show. */
export function jumpBinLabels(histogram: JumpHistogram): string[] {
  const froms = histogram.bins.map((b) => b.from);
  const labels: string[] = [];
  for (let from = Math.min(...froms); from <= Math.max(...froms); from += histogram.width)
    labels.push(jumpBinLabel({ from, to: from + histogram.width }));
  return labels;
}

/** At most `most` of the labels on the axis, evenly spaced from the first: bands too narrow for every label. */
export function jumpAxisLabels(labels: readonly string[], most = 16): string[] {
  const step = Math.ceil(labels.length / most);
  return labels.filter((_, i) => i % step === 0);
}
