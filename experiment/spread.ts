/** Mean and spread of one figure over a variant's trials. */
export type Spread = {
  /** Trials that had the figure (a trial with no gaps has no gap mean, say). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1 in the denominator); null below 2 values. */
  sd: number | null;
  min: number | null;
  max: number | null;
};

export function spreadOf(values: readonly (number | null)[]): Spread {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, min: null, max: null };
  const mean = xs.reduce((sum, x) => sum + x, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

/** `2.31 ± 0.40`, `2.31` with one value, `-` with none. */
export function formatSpread(spread: Spread, digits: number): string {
  if (spread.mean === null) return '-';
  const mean = fixed(spread.mean, digits);
  return spread.sd === null ? mean : `${mean} ± ${fixed(spread.sd, Math.max(digits, 1))}`;
}

/** `toFixed` without the "-0.0" a tiny negative value rounds to; `-` for no value. */
export function fixed(value: number | null, digits: number): string {
  if (value === null) return '-';
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}
