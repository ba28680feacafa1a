/** Order statistics for the bench figures: nearest-rank percentiles over plain number arrays. */

/** The p-th percentile (0..100) by nearest rank; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const fmtPct = (ratio: number, digits = 2): string => `${(ratio * 100).toFixed(digits)}%`;
export const fmtMs = (ms: number, digits = 2): string => `${ms.toFixed(digits)} ms`;
