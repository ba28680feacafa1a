/**
 * Exact distribution of small integers in O(distinct values) memory. Logical-clock jumps are mostly 1 with a tail
 * of larger values, so a count per value gives the exact median and p95 over millions of events without keeping
 * the events.
 */
export type DistributionStats = {
  count: number;
  /** null when count is 0 (no such events), for every field below. */
  mean: number | null;
  /** The usual median: the middle value, or the mean of the two middle values for an even count. */
  median: number | null;
  /** Nearest rank: the smallest value v with at least ceil(0.95 x count) values <= v. */
  p95: number | null;
  max: number | null;
};

export class CountHistogram {
  /** Values 0..denseSize-1 are counted in an array (the hot path); anything else in a map. */
  readonly #denseSize: number;
  readonly #dense: Float64Array;
  readonly #sparse = new Map<number, number>();
  #count = 0;
  #sum = 0;
  #max = Number.NEGATIVE_INFINITY;

  /** `denseSize`: where most values fall (a map costs several times an array's slot per value). */
  constructor(denseSize = 1024) {
    this.#denseSize = denseSize;
    this.#dense = new Float64Array(denseSize);
  }

  add(value: number): void {
    if (value >= 0 && value < this.#denseSize && Number.isInteger(value))
      this.#dense[value] = (this.#dense[value] ?? 0) + 1;
    else this.#sparse.set(value, (this.#sparse.get(value) ?? 0) + 1);
    this.#count += 1;
    this.#sum += value;
    if (value > this.#max) this.#max = value;
  }

  get count(): number {
    return this.#count;
  }

  /** Sum of the values v with v > threshold, and how many there are. */
  above(threshold: number): { count: number; sum: number } {
    let count = 0;
    let sum = 0;
    for (const [value, n] of this.#entries()) {
      if (value > threshold) {
        count += n;
        sum += value * n;
      }
    }
    return { count, sum };
  }

  stats(): DistributionStats {
    const n = this.#count;
    if (n === 0) return { count: 0, mean: null, median: null, p95: null, max: null };
    const median = (this.#valueAtRank(Math.floor((n + 1) / 2)) + this.#valueAtRank(Math.ceil((n + 1) / 2))) / 2;
    return { count: n, mean: this.#sum / n, median, p95: this.nearestRank(0.95), max: this.#max };
  }

  /** The smallest value v with at least ceil(share x count) values <= v (p95: 0.95); null when empty. */
  nearestRank(share: number): number | null {
    return this.#count === 0 ? null : this.#valueAtRank(Math.max(1, Math.ceil(share * this.#count)));
  }

  /** The rank-th smallest value (1-based). */
  #valueAtRank(rank: number): number {
    let seen = 0;
    for (const [value, n] of this.#entries()) {
      seen += n;
      if (seen >= rank) return value;
    }
    return this.#max;
  }

  /** [value, count] pairs in ascending value order (a merge of the array and the map), zero counts skipped. */
  *#entries(): Generator<[number, number]> {
    const sparse = [...this.#sparse].sort((a, b) => a[0] - b[0]);
    let s = 0;
    for (let value = 0; value < this.#denseSize; value++) {
      for (let next = sparse[s]; next !== undefined && next[0] < value; next = sparse[++s]) yield next;
      const n = this.#dense[value] ?? 0;
      if (n > 0) yield [value, n];
    }
    for (; s < sparse.length; s++) yield sparse[s] as [number, number];
  }
}
