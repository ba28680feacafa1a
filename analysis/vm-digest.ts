/**
 * One VM's CSV boiled down to plain data: every per-VM figure, plus its clock on the drift grid. Plain data (no
 * classes) because a digest may be computed in a worker thread and structured-cloned back; drift, which needs
 * every VM's grid at once, is computed from the digests.
 */

import { parseRow } from '../run-folder/csv-row.js';
import { type CsvReadSummary, streamVmCsv } from '../run-folder/read-vm-csv.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import type { DistributionStats } from './count-histogram.js';
import type { QueueStats } from './queue-stats.js';
import type { DownSeen, DownSpan } from './restart-downtime.js';
import type { GapStats } from './run-analysis.js';
import type { TickLateness } from './tick-lateness.js';
import { VmTally } from './vm-tally.js';

export type VmDigestInput = {
  file: string;
  vmId: number;
  machines: number;
  gridStepMs: number;
  speed: number;
  /** Configured ticks per experiment second: the schedule each tick's lateness is measured against. */
  clockRate: number;
  /** Its restarts after injected kills, in experiment ms (restart-downtime.ts); none when absent. */
  downs?: DownSpan[];
};

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
};

export async function digestVm(input: VmDigestInput): Promise<VmDigest | Unreadable> {
  const tally = new VmTally(input.gridStepMs, input.speed, input.clockRate, input.downs);
  const csv = await streamVmCsv(input.file, (record, line, fields) => {
    const parsed = parseRow(record, line, input.vmId, input.machines, fields);
    if (parsed.ok) tally.add(parsed.row);
    else tally.badRow();
  });
  if (!csv.ok) return csv;
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
  };
}
