/**
 * Judging pairs of events on different VMs: causally ordered (one happened before the other) or concurrent, and
 * whether their Lamport clocks order them anyway. With vector clocks that keep the rules `launcher check` verifies,
 * a (on VM i) happened before b iff b's vector knows a: V(b)[i] >= V(a)[i]. So a pair costs two comparisons,
 * whatever the number of VMs.
 */
import { vectorText } from '../run-folder/vector-text.js';

/** One side of an example pair, as the CSV has it. */
export type CausalEvent = { vm: number; tick: number; lamport: number; vector: string };
/** A concurrent pair whose Lamport clocks differ: `a` is the one with the lower Lamport clock. */
export type ConcurrencyExample = { a: CausalEvent; b: CausalEvent };

/** An event as the pair judge needs it. */
export type CausalRow = { vm: number; tick: number; lamport: number; vector: Uint32Array };

const examplesKept = 3;

export class PairTally {
  judged = 0;
  causallyOrdered = 0;
  concurrent = 0;
  lamportOrdered = 0;
  lamportOrderedConcurrent = 0;
  /** The widest Lamport gaps among concurrent pairs, widest first (ties: the first found). */
  readonly #examples: { gap: number; a: CausalRow; b: CausalRow }[] = [];

  /** Judges one pair of events on different VMs. */
  add(a: CausalRow, b: CausalRow): void {
    this.judged += 1;
    const lamportOrdered = a.lamport !== b.lamport;
    if (lamportOrdered) this.lamportOrdered += 1;
    if ((b.vector[a.vm] ?? 0) >= (a.vector[a.vm] ?? 0) || (a.vector[b.vm] ?? 0) >= (b.vector[b.vm] ?? 0)) {
      this.causallyOrdered += 1;
      return;
    }
    this.concurrent += 1;
    if (!lamportOrdered) return;
    this.lamportOrderedConcurrent += 1;
    this.offerExample(a, b);
  }

  /** Counts many pairs at once, for the exact count (the caller judged them). */
  addCounts(counts: { judged: number; causallyOrdered: number; lamportOrdered: number; concurrentTied: number }): void {
    this.judged += counts.judged;
    this.causallyOrdered += counts.causallyOrdered;
    this.concurrent += counts.judged - counts.causallyOrdered;
    this.lamportOrdered += counts.lamportOrdered;
    this.lamportOrderedConcurrent += counts.judged - counts.causallyOrdered - counts.concurrentTied;
  }

  /** Would a concurrent pair with this Lamport gap be kept as an example? (Saves building rows that would not.) */
  wants(gap: number): boolean {
    return this.#examples.length < examplesKept || gap > (this.#examples.at(-1)?.gap ?? 0);
  }

  offerExample(a: CausalRow, b: CausalRow): void {
    const gap = Math.abs(a.lamport - b.lamport);
    if (!this.wants(gap)) return;
    const [low, high] = a.lamport < b.lamport ? [a, b] : [b, a];
    const at = this.#examples.findIndex((e) => e.gap < gap);
    this.#examples.splice(at < 0 ? this.#examples.length : at, 0, { gap, a: low, b: high });
    this.#examples.length = Math.min(this.#examples.length, examplesKept);
  }

  examples(): ConcurrencyExample[] {
    const side = (row: CausalRow): CausalEvent => ({
      vm: row.vm,
      tick: row.tick,
      lamport: row.lamport,
      vector: vectorText(row.vector),
    });
    return this.#examples.map(({ a, b }) => ({ a: side(a), b: side(b) }));
  }
}

/** Every row of one VM, column by column: what the exact count reads in its inner loop. */
export type VmColumns = {
  vm: number;
  rows: number;
  ticks: Float64Array;
  lamport: Float64Array;
  /** rows x machines vector entries, row after row. */
  vectors: Uint32Array;
  machines: number;
};

export const rowOf = (c: VmColumns, index: number): CausalRow => ({
  vm: c.vm,
  tick: c.ticks[index] ?? 0,
  lamport: c.lamport[index] ?? 0,
  vector: c.vectors.subarray(index * c.machines, (index + 1) * c.machines),
});

/** Every pair of one row of `x` and one row of `y` (two VMs): n_x x n_y cheap comparisons, no allocation. */
export function countAllPairs(x: VmColumns, y: VmColumns, tally: PairTally): void {
  const m = x.machines;
  const ownY = new Float64Array(y.rows);
  const yKnowsX = new Float64Array(y.rows);
  for (let b = 0; b < y.rows; b++) {
    ownY[b] = y.vectors[b * m + y.vm] ?? 0;
    yKnowsX[b] = y.vectors[b * m + x.vm] ?? 0;
  }
  const lamportY = y.lamport;
  let causallyOrdered = 0;
  let lamportOrdered = 0;
  let concurrentTied = 0;
  for (let a = 0; a < x.rows; a++) {
    const ownA = x.vectors[a * m + x.vm] ?? 0;
    const aKnowsY = x.vectors[a * m + y.vm] ?? 0;
    const lamportA = x.lamport[a] ?? 0;
    for (let b = 0; b < y.rows; b++) {
      const lamportB = lamportY[b] ?? 0;
      const tied = lamportA === lamportB;
      if (!tied) lamportOrdered += 1;
      if ((yKnowsX[b] ?? 0) >= ownA || aKnowsY >= (ownY[b] ?? 0)) causallyOrdered += 1;
      else if (tied) concurrentTied += 1;
      else if (tally.wants(Math.abs(lamportA - lamportB))) tally.offerExample(rowOf(x, a), rowOf(y, b));
    }
  }
  tally.addCounts({ judged: x.rows * y.rows, causallyOrdered, lamportOrdered, concurrentTied });
}
