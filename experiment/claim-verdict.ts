/**
 * A claim's estimate and its verdict: `confirmed` when its 95% interval lies above 0, `refuted` below 0, and
 * `inconclusive` otherwise, or when too few units (trials, or pairs of trials) stand behind it.
 */

export type Verdict = 'confirmed' | 'refuted' | 'inconclusive';

export type Estimate = { effect: number | null; ci: [number, number] | null; n: number; verdict: Verdict };

/** Below this many units a bootstrap interval says little: the verdict is inconclusive whatever it shows. */
export const minUnits = 5;

export function verdictOf(ci: [number, number] | null, n: number): Verdict {
  if (ci === null || n < minUnits) return 'inconclusive';
  if (ci[0] > 0) return 'confirmed';
  if (ci[1] < 0) return 'refuted';
  return 'inconclusive';
}
