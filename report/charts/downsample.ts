/**
 * Downsampling a time series for a chart without hiding what matters: the span is cut into buckets and each bucket
 * keeps its first, lowest, highest and last point (M4), so every jump, peak and trough is still drawn at its height.
 * A series with no more points than the budget is kept whole.
 */

export type Series = { t: number[]; v: number[]; downsampled: boolean; points: number };

/** At most maxPoints out (4 per bucket); points arrive in time order. */
export class MinMaxSampler {
  readonly #start: number;
  readonly #width: number;
  readonly #maxPoints: number;
  readonly #buckets: number;
  /** Per bucket: t and v of first, min, max, last (8 numbers), NaN when the bucket is empty. */
  readonly #cells: Float64Array;
  #raw: { t: number[]; v: number[] } | null = { t: [], v: [] };
  #points = 0;

  constructor(startMs: number, endMs: number, maxPoints = 2000) {
    this.#buckets = Math.max(1, Math.floor(maxPoints / 4));
    this.#maxPoints = maxPoints;
    this.#start = startMs;
    this.#width = Math.max(endMs - startMs, Number.MIN_VALUE) / this.#buckets;
    this.#cells = new Float64Array(this.#buckets * 8).fill(Number.NaN);
  }

  push(t: number, v: number): void {
    this.#points += 1;
    if (this.#raw !== null) {
      this.#raw.t.push(t);
      this.#raw.v.push(v);
      if (this.#raw.t.length > this.#maxPoints) this.#raw = null;
    }
    const bucket = Math.min(this.#buckets - 1, Math.max(0, Math.floor((t - this.#start) / this.#width)));
    const c = this.#cells;
    const at = bucket * 8;
    // Plain index writes: this runs once per row per VM, millions of times on a big run.
    if (Number.isNaN(c[at] as number)) {
      c[at] = t;
      c[at + 1] = v;
    }
    if (!(v >= (c[at + 3] as number))) {
      c[at + 2] = t;
      c[at + 3] = v;
    }
    if (!(v <= (c[at + 5] as number))) {
      c[at + 4] = t;
      c[at + 5] = v;
    }
    c[at + 6] = t;
    c[at + 7] = v;
  }

  series(): Series {
    if (this.#raw !== null) return { t: this.#raw.t, v: this.#raw.v, downsampled: false, points: this.#points };
    const t: number[] = [];
    const v: number[] = [];
    const c = this.#cells;
    for (let at = 0; at < c.length; at += 8) {
      if (Number.isNaN(c[at] as number)) continue;
      // first, min, max, last in time order; a point that is two of them is kept once.
      const picks = [0, 2, 4, 6].map((k) => [c[at + k] as number, c[at + k + 1] as number] as const);
      picks.sort((a, b) => a[0] - b[0]);
      let lastT = Number.NaN;
      let lastV = Number.NaN;
      for (const [pt, pv] of picks) {
        if (pt === lastT && pv === lastV) continue;
        t.push(pt);
        v.push(pv);
        [lastT, lastV] = [pt, pv];
      }
    }
    return { t, v, downsampled: true, points: this.#points };
  }
}

/** What the page says under a chart whose series were downsampled; null when none was. */
export function downsamplingNote(sampled: readonly (readonly [string, Series])[]): string | null {
  if (sampled.length === 0) return null;
  const counts = sampled.map(([name, s]) => `${name}: ${s.points} -> ${s.t.length}`);
  return (
    'Downsampled for drawing (the first, lowest, highest and last point of each time bucket are kept, so no jump ' +
    `or peak is hidden). Points: ${counts.join('; ')}.`
  );
}
