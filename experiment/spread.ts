/** Mean and spread of one figure over a variant's trials. */
export type Spread = {
  /** Trials that had the figure (a trial with no gaps has no gap mean, say). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1 in the denominator); null below 2 values. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** 95% interval of the mean (Student's t on the trials); null below 2 values. */
  ci95: [number, number] | null;
};

/** Student's t, 97.5th percentile, for 1..30 degrees of freedom; 1.96 beyond. */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function spreadOf(values: readonly (number | null)[]): Spread {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, min: null, max: null, ci95: null };
  const mean = xs.reduce((sum, x) => sum + x, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  const half = sd === null ? null : ((t975[n - 2] ?? 1.96) * sd) / Math.sqrt(n);
  const ci95: [number, number] | null = half === null ? null : [mean - half, mean + half];
  return { n, mean, sd, min: Math.min(...xs), max: Math.max(...xs), ci95 };
}

/**
 * `2.31 ± 0.40`, `2.31` with one value, `-` with none. A mean over trials is given at least one decimal, as its sd is:
 * the mean of whole figures (each trial's largest jump) is not whole (8.47 was shown as `8 ± 2.3`).
 */
export function formatSpread(spread: Spread, digits: number): string {
  if (spread.mean === null) return '-';
  if (spread.sd === null) return fixed(spread.mean, digits);
  const shown = Math.max(digits, 1);
  return `${fixed(spread.mean, shown)} ± ${fixed(spread.sd, shown)}`;
}

/** `toFixed` without the "-0.0" a tiny negative value rounds to; `-` for no value. */
export function fixed(value: number | null, digits: number): string {
  if (value === null) return '-';
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}
