/** The causality figure as terminal lines (see Causality in causality.ts). */

import { counted } from '../shared/counted.js';
import type { CausalEvent } from './causal-pairs.js';
import type { Causality } from './causality.js';

const percent = (share: number | null): string => {
  if (share === null) return '-';
  const digits = share === 0 || share >= 0.01 ? 1 : 3;
  return `${(share * 100).toFixed(digits)}%`;
};

const side = (e: CausalEvent): string => `vm${e.vm} tick ${e.tick} (lamport ${e.lamport}, ${e.vector})`;

export function formatCausality(c: Causality): string[] {
  if (!c.available) return [`causality: not measured: ${c.why}`];
  const scope =
    c.method === 'exact'
      ? `every one of the ${counted(c.crossVmPairs, 'pair')} of events on different VMs`
      : `a sample of ${c.judged} of the ${counted(c.crossVmPairs, 'pair')} of events on different VMs (uniform, seed ${c.sampleSeed})`;
  const interval =
    c.method === 'exact' || c.interval95 === null
      ? ''
      : `, 95% interval ${percent(c.interval95[0])} - ${percent(c.interval95[1])}`;
  const inRun =
    c.method === 'exact' ? '' : `; about ${counted(c.lamportOrderedConcurrentInRun, 'such pair')} in the run`;
  const lines = [
    `causality (vector clocks), over ${scope}: ${c.causallyOrdered} causally ordered, ${c.concurrent} concurrent`,
    `  Lamport orders ${c.lamportOrdered} of them; ${c.lamportOrderedConcurrent} of those are concurrent: ` +
      `${percent(c.shareOfPairs)} of the pairs${interval}, ${percent(c.shareOfLamportOrdered)} of the pairs Lamport orders${inRun}`,
  ];
  for (const { a, b } of c.examples) {
    lines.push(`  e.g. ${side(a)} and ${side(b)}: concurrent, yet lamport ${a.lamport} < ${b.lamport}`);
  }
  return lines;
}
