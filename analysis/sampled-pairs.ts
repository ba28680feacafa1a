/**
 * The causality figure's sample (causality.ts takes it for runs too large to count every pair): pairs of events on
 * different VMs drawn uniformly with a generator seeded from the run's seed, so the same run always gives the same
 * sample; then each CSV is scanned for newlines and only the rows drawn are parsed (line-picker.ts), about one read
 * of the files, with memory for the sample alone.
 */
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { parseRow } from '../run-folder/csv-row.js';
import { pickLines } from '../run-folder/line-picker.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { seededRandom } from '../shared/seeded-random.js';
import { type CausalRow, PairTally } from './causal-pairs.js';

/**
 * `samplePairs` pairs, each uniform over all pairs of events on different VMs: two rows drawn uniformly from the
 * whole run, drawn again while they are on the same VM. A drawn row that turns out malformed drops its pair.
 * `records[i]`: the rows of VM i's CSV, well-formed or not.
 */
export async function countSample(
  facts: RunFacts,
  records: readonly number[],
  samplePairs: number,
): Promise<PairTally> {
  const random = seededRandom((facts.seed ^ 0x2545f491) >>> 0, 0);
  const starts: number[] = [];
  let total = 0;
  for (const n of records) {
    starts.push(total);
    total += n;
  }
  const locate = (g: number): [number, number] => {
    let vm = starts.length - 1;
    while ((starts[vm] ?? 0) > g) vm -= 1;
    return [vm, g - (starts[vm] ?? 0)];
  };
  const pairs: [number, number, number, number][] = [];
  while (pairs.length < samplePairs) {
    const [vmA, a] = locate(random.int(0, total - 1));
    const [vmB, b] = locate(random.int(0, total - 1));
    if (vmA !== vmB) pairs.push([vmA, a, vmB, b]);
  }
  const rows = await readChosenRows(facts, pairs);
  const tally = new PairTally();
  for (const [vmA, a, vmB, b] of pairs) {
    const x = rows[vmA]?.get(a);
    const y = rows[vmB]?.get(b);
    if (x !== undefined && y !== undefined) tally.add(x, y);
  }
  return tally;
}

async function readChosenRows(facts: RunFacts, pairs: readonly number[][]): Promise<Map<number, CausalRow>[]> {
  const chosen = Array.from({ length: facts.machines }, () => new Set<number>());
  for (const [vmA, a, vmB, b] of pairs) {
    chosen[vmA ?? 0]?.add(a ?? 0);
    chosen[vmB ?? 0]?.add(b ?? 0);
  }
  const rows: Map<number, CausalRow>[] = [];
  for (let vm = 0; vm < facts.machines; vm++) {
    const found = new Map<number, CausalRow>();
    rows.push(found);
    const indexes = [...(chosen[vm] ?? [])].sort((p, q) => p - q);
    await pickLines(join(facts.runDir, csvFileName(vm)), indexes, (index, fields) => {
      const vector = new Uint32Array(facts.machines);
      const parsed = parseRow(fields, index + 2, vm, facts.machines, fields.length, vector);
      if (!parsed.ok || parsed.row.vectorClock === undefined) return;
      found.set(index, { vm, tick: parsed.row.tick, lamport: parsed.row.clock, vector });
    });
  }
  return rows;
}
