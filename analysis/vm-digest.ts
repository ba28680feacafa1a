/**
 * One VM's CSV boiled down to plain data: every per-VM figure, plus its clock on the drift grid, and what the check's
 * rules on its own rows found in the same read (vm-row-checks.ts). Plain data (no
 * classes) because a digest may be computed in a worker thread and structured-cloned back; drift, which needs
 * every VM's grid at once, is computed from the digests.
 */

import { parseRow } from '../run-folder/csv-row.js';
import { type CsvReadSummary, streamVmCsv } from '../run-folder/read-vm-csv.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import type { DistributionStats } from './count-histogram.js';
import type { QueueStats } from './queue-stats.js';
import { type DownSeen, downSpansOf } from './restart-downtime.js';
import { type RowVerdict, rowVerdictReader } from './row-verdict.js';
import type { GapStats } from './run-analysis.js';
import type { TickLateness } from './tick-lateness.js';
import { VmTally } from './vm-tally.js';

/**
 * `facts`: the run's manifest as read, for the VM's rate (the schedule each tick's lateness is measured against), its
 * restarts (restart-downtime.ts) and the check's rules on its rows (vm-row-checks.ts).
 */
export type VmDigestInput = { file: string; vmId: number; gridStepMs: number; facts: RunFacts };

export type VmDigest = {
  ok: true;
  vmId: number;
  csv: CsvReadSummary;
  rows: number;
  badRows: number;
  /** Well-formed rows with a vector_clock (0 for a run from before vector clocks). */
  vectorRows: number;
  events: { receive: number; send: number; internal: number };
  copiesSent: number;
  finalClock: number;
  /** Experiment ms (elapsed_ms x speed) of the last well-formed row. */
  lastElapsedMs: number | null;
  jumps: DistributionStats;
  receiveJumps: DistributionStats;
  gaps: GapStats;
  queue: QueueStats;
  late: TickLateness;
  /** Clock at the grid points before the last row; finalClock holds after it. */
  clockGrid: number[];
  /** What the rows showed of each restart (restart-downtime.ts). */
  downs: DownSeen[];
  /** The check's rules on this VM's rows and manifest entry: what they found (vm-row-checks.ts). */
  rowVerdict: RowVerdict;
};

export async function digestVm(input: VmDigestInput): Promise<VmDigest | Unreadable> {
  const { facts, vmId } = input;
  const tally = new VmTally(input.gridStepMs, facts.speed, facts.clockRates[vmId] ?? 0, downSpansOf(facts, vmId));
  const { checks, done } = rowVerdictReader(facts, vmId);
  const csv = await streamVmCsv(input.file, (record, line, fields) => {
    const parsed = parseRow(record, line, vmId, facts.machines, fields);
    if (parsed.ok) {
      tally.add(parsed.row);
      checks.row(parsed.row);
    } else {
      tally.badRow();
      checks.malformed(parsed);
    }
  });
  if (!csv.ok) return csv;
  const rowVerdict = done(csv.records);
  const gaps = tally.jumps.above(1);
  return {
    ok: true,
    vmId: input.vmId,
    csv,
    rows: tally.rows,
    badRows: tally.badRows,
    vectorRows: tally.vectorRows,
    events: { ...tally.events },
    copiesSent: tally.copiesSent,
    finalClock: tally.finalClock,
    lastElapsedMs: tally.lastElapsedMs,
    jumps: tally.jumps.stats(),
    receiveJumps: tally.receiveJumps.stats(),
    gaps: {
      count: gaps.count,
      mean: gaps.count === 0 ? null : gaps.sum / gaps.count,
      max: gaps.count === 0 ? null : tally.jumps.stats().max,
      skipped: gaps.sum - gaps.count,
    },
    queue: tally.queue.stats(),
    late: tally.lateness.stats(),
    clockGrid: tally.clock.samples(),
    downs: tally.downs.seen,
    rowVerdict,
  };
}
