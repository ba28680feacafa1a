/**
 * ShiViz numbers each host's events 1, 2, 3, ... by its own vector entry. A VM restarted past rows an earlier life
 * left on its host (the manifest's earlierRowsOnHost) raised its own entry past theirs (vm/vm-machine.ts
 * goPastKeptRows): its CSV here skips the entries those rows, and the numbers passed over, would hold. For the log,
 * each such VM's entries are renumbered as the events its CSV holds: an entry past a skip is lowered by the skip, and
 * one inside it (an event of the kept rows, which a peer heard of) names the last event logged before it, as an
 * entry naming an event lost with a killed VM does (export-shiviz.ts).
 */
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { parseRow } from '../run-folder/csv-row.js';
import { streamVmCsv } from '../run-folder/read-vm-csv.js';
import type { RunFacts } from '../run-folder/run-facts.js';

/** Own entries `after` (the last logged before) to `to` (the next logged) skipped; `to - after - 1` passed over. */
type Skip = { after: number; to: number };

export class KeptRowEntries {
  /** Per VM id, its skips in order; none for a VM with no earlier rows kept. */
  readonly #skips: Skip[][];

  private constructor(skips: Skip[][]) {
    this.#skips = skips;
  }

  /** Reads the CSVs of the VMs with earlier rows kept on their host (their own entries only). */
  static async of(facts: RunFacts): Promise<KeptRowEntries> {
    const skips: Skip[][] = facts.vms.map(() => []);
    for (const vm of facts.vms) {
      if ((vm.earlierRowsOnHost?.length ?? 0) === 0) continue;
      const vector = new Uint32Array(facts.machines);
      let own = 0;
      const file = join(facts.runDir, csvFileName(vm.id));
      await streamVmCsv(file, (record, line, fields) => {
        const parsed = parseRow(record, line, vm.id, facts.machines, fields, vector);
        if (!parsed.ok || parsed.row.vectorClock === undefined) return;
        const now = vector[vm.id] ?? 0;
        if (now > own + 1) skips[vm.id]?.push({ after: own, to: now });
        own = now;
      });
    }
    return new KeptRowEntries(skips);
  }

  /**
   * Renumbers `vector`'s entries in place; returns how many named an event inside a skip (lowered), each also counted
   * in `loweredPerVm` under the VM the entry is of (whose kept rows the note names).
   */
  renumber(vector: Uint32Array, loweredPerVm: Uint32Array): number {
    let lowered = 0;
    for (let h = 0; h < vector.length; h++) {
      const skips = this.#skips[h] ?? [];
      if (skips.length === 0) continue;
      const entry = vector[h] ?? 0;
      let less = 0;
      for (const { after, to } of skips) {
        if (entry >= to) less += to - after - 1;
        else if (entry > after) {
          less += entry - after;
          lowered += 1;
          loweredPerVm[h] = (loweredPerVm[h] ?? 0) + 1;
        }
      }
      vector[h] = entry - less;
    }
    return lowered;
  }
}
