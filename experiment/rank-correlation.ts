/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing the mean of the ranks they
 * span (so a clock rate shared by several VMs, or a queue of 0 on every fast VM, counts once per VM, fairly).
 */

/** 1-based ranks; a run of equal values all get the mean of the positions they occupy. */
export function averageRanks(values: readonly number[]): number[] {
  const order = Array.from(values.keys()).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    const value = values[order[start] ?? 0];
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i] ?? 0] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Null with fewer than 2 pairs, or when either side has a single value (no order to correlate). */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error(`spearman: ${xs.length} x values against ${ys.length} y values`);
  if (xs.length < 2) return null;
  return pearson(averageRanks(xs), averageRanks(ys));
}

export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
