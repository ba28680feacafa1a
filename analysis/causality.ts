/**
 * How often Lamport clocks order two events that are in fact concurrent, judged by the vector clocks: over every
 * pair of events on different VMs when there are at most `exactPairLimit` of them (short runs), otherwise over a
 * uniform random sample of `samplePairs` pairs (causalityLimits) drawn with a seeded generator (pure-rand, from
 * the run's seed), so the same run always gives the same figure.
 *
 * Cost: the per-VM digest only counts rows; this is a pass of its own after it. Exact: the rows' vectors are read
 * into typed arrays (runs small enough for the exact count are small) and every pair costs two comparisons.
 * Sampled (sampled-pairs.ts): 2 x samplePairs rows are drawn first, then each CSV is scanned for newlines and only
 * those rows are parsed (line-picker.ts): about one read of the files, with memory for the sample alone.
 */
import { readVmRows } from '../run-folder/read-run.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import { type ConcurrencyExample, countAllPairs, PairTally, type VmColumns } from './causal-pairs.js';
import { countSample } from './sampled-pairs.js';

/**
 * Pairs of events on different VMs, judged by their vector clocks: causally ordered (one happened before the other)
 * or concurrent; and how many concurrent pairs the Lamport clocks order all the same (L(a) != L(b)), which Lamport
 * clocks cannot tell from causal order. Counted over every pair, or over a seeded uniform sample of them.
 */
export type Causality =
  | { available: false; why: string }
  | {
      available: true;
      /** 'exact': every pair was judged; 'sampled': a uniform random sample of them (see judged, margin95). */
      method: 'exact' | 'sampled';
      /** Unordered pairs of well-formed events on different VMs: sum over VM pairs of rows(i) x rows(j). */
      crossVmPairs: number;
      /** Pairs judged: crossVmPairs (exact) or the sample size. Every count below is out of these. */
      judged: number;
      /** Sampled: the run's seed, from which the sample was drawn (so it is the same each time); exact: null. */
      sampleSeed: number | null;
      causallyOrdered: number;
      concurrent: number;
      /** Pairs whose Lamport clocks differ: every causally ordered pair, and the concurrent ones below. */
      lamportOrdered: number;
      /** Concurrent pairs that the Lamport clocks order (L(a) < L(b)): an order causality does not give. */
      lamportOrderedConcurrent: number;
      /** lamportOrderedConcurrent / judged: of all cross-VM pairs (exact, or the sample's estimate). */
      shareOfPairs: number | null;
      /** lamportOrderedConcurrent / lamportOrdered: of the pairs Lamport orders, the share that are concurrent. */
      shareOfLamportOrdered: number | null;
      /** 95% interval of shareOfPairs (Wilson score: sound even when the sample holds none); [share, share] exact. */
      interval95: [number, number] | null;
      /** shareOfPairs x crossVmPairs: the run's number of such pairs (exact, or estimated from the sample). */
      lamportOrderedConcurrentInRun: number;
      /** Up to 3 concurrent pairs that Lamport orders, the widest Lamport gap first; `a` has the lower clock. */
      examples: ConcurrencyExample[];
    };

/**
 * exactPairLimit: the most pairs counted one by one; exactRowLimit: exact needs every row's vector in memory, a guard
 * for lopsided runs (one VM with few rows, one with millions); samplePairs: the sample size beyond them.
 */
export type CausalityLimits = { exactPairLimit: number; exactRowLimit: number; samplePairs: number };
export const causalityLimits: CausalityLimits = { exactPairLimit: 5e7, exactRowLimit: 200_000, samplePairs: 20_000 };

/** What the digest pass knew of each VM: rows read, and how many were well-formed with a vector. */
export type VmCounts = { vmId: number; records: number; goodRows: number; vectorRows: number };

export async function measureCausality(
  facts: RunFacts,
  counts: readonly VmCounts[],
  limits: CausalityLimits = causalityLimits,
): Promise<Causality> {
  const rows = counts.reduce((sum, c) => sum + c.goodRows, 0);
  const withVector = counts.reduce((sum, c) => sum + c.vectorRows, 0);
  if (counts.every((c) => c.records === 0)) return { available: false, why: 'no VM logged a row' };
  if (withVector === 0) return { available: false, why: 'no vector_clock column (a run from before vector clocks)' };
  const without = rows - withVector;
  if (without > 0)
    return { available: false, why: `${counted(without, 'row')} ${without === 1 ? 'has' : 'have'} no vector clock` };
  let crossVmPairs = 0;
  for (let i = 0; i < counts.length; i++) {
    for (let j = i + 1; j < counts.length; j++) crossVmPairs += (counts[i]?.goodRows ?? 0) * (counts[j]?.goodRows ?? 0);
  }
  if (crossVmPairs === 0) return { available: false, why: 'no two VMs logged events' };
  const exact = crossVmPairs <= limits.exactPairLimit && rows <= limits.exactRowLimit;
  const tally = exact
    ? await countExactly(facts)
    : await countSample(
        facts,
        counts.map((c) => c.records),
        limits.samplePairs,
      );
  const shareOfPairs = share(tally.lamportOrderedConcurrent, tally.judged);
  return {
    available: true,
    method: exact ? 'exact' : 'sampled',
    crossVmPairs,
    judged: tally.judged,
    sampleSeed: exact ? null : facts.seed,
    causallyOrdered: tally.causallyOrdered,
    concurrent: tally.concurrent,
    lamportOrdered: tally.lamportOrdered,
    lamportOrderedConcurrent: tally.lamportOrderedConcurrent,
    shareOfPairs,
    shareOfLamportOrdered: share(tally.lamportOrderedConcurrent, tally.lamportOrdered),
    interval95:
      shareOfPairs === null
        ? null
        : exact
          ? [shareOfPairs, shareOfPairs]
          : wilson95(tally.lamportOrderedConcurrent, tally.judged),
    lamportOrderedConcurrentInRun: exact
      ? tally.lamportOrderedConcurrent
      : Math.round((shareOfPairs ?? 0) * crossVmPairs),
    examples: tally.examples(),
  };
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * The Wilson score 95% interval of a proportion seen `hits` times in `n` draws. Unlike p +- 1.96 sqrt(p(1-p)/n) it
 * does not shrink to nothing when the sample holds no such pair (long runs, where nearly every pair is ordered).
 */
export function wilson95(hits: number, n: number): [number, number] {
  const z = 1.96;
  const p = hits / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

async function countExactly(facts: RunFacts): Promise<PairTally> {
  const m = facts.machines;
  const columns: VmColumns[] = [];
  for (let vm = 0; vm < m; vm++) {
    const ticks: number[] = [];
    const lamport: number[] = [];
    const vectors: number[] = [];
    await readVmRows(facts, vm, (parsed, vector) => {
      if (!parsed.ok || parsed.row.vectorClock === undefined) return;
      ticks.push(parsed.row.tick);
      lamport.push(parsed.row.clock);
      for (const entry of vector) vectors.push(entry);
    });
    const [t, l, v] = [Float64Array.from(ticks), Float64Array.from(lamport), Uint32Array.from(vectors)];
    columns.push({ vm, rows: ticks.length, ticks: t, lamport: l, vectors: v, machines: m });
  }
  const tally = new PairTally();
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) countAllPairs(columns[i] as VmColumns, columns[j] as VmColumns, tally);
  }
  return tally;
}
