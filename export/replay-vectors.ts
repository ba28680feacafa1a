/**
 * Vector clocks for a run from before the vector_clock column, computed from its CSVs by the rules the VMs now keep:
 * own entry +1 on every event, and a receive first takes the element-wise max with the vector of its send. A receive
 * must wait for its send's vector, so every VM's rows are replayed together, each VM going as far as it can until
 * all are done; the lines come out in that (causal) order. The rows are held in memory: old runs are small enough.
 * A receive whose send is not in the logs (lost with a killed VM) merges nothing.
 */
import { join } from 'node:path';
import { verdictOf } from '../analysis/fails-check.js';
import { joinRowVerdicts, type RowVerdict, rowVerdictReader } from '../analysis/row-verdict.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { EventRow } from '../run-folder/event-row.js';
import { readVmRows } from '../run-folder/read-run.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import {
  type Drained,
  type ExportOutcome,
  type NotExportable,
  notExportable,
  outputClosed,
  type WriteChunk,
} from './export-outcome.js';
import { shivizLine } from './shiviz-lines.js';

export async function replayShiviz(facts: RunFacts, write: WriteChunk, drained: Drained): Promise<ExportOutcome> {
  const m = facts.machines;
  const rows: EventRow[][] = [];
  const sent = new Set<string>();
  const verdicts: RowVerdict[] = [];
  for (let vm = 0; vm < m; vm++) {
    const own: EventRow[] = [];
    const stop: { failure: NotExportable | null } = { failure: null };
    // The check's rules on the VM's own rows, in this one read: whether the log comes from a folder check rejects.
    const checked = rowVerdictReader(facts, vm);
    const read = await readVmRows(facts, vm, (parsed) => {
      if (stop.failure !== null) return;
      if (!parsed.ok) {
        stop.failure = notExportable(
          fileOf(facts, vm),
          parsed.line,
          `found ${parsed.found}; expected ${parsed.expected}`,
        );
      } else {
        checked.checks.row(parsed.row);
        own.push(parsed.row);
        if (parsed.row.event === 'send') sent.add(parsed.row.msgId);
      }
    });
    if (!read.ok) return read;
    if (stop.failure !== null) return stop.failure;
    verdicts.push(checked.done(read.records));
    rows.push(own);
  }

  const vectors = rows.map(() => new Uint32Array(m));
  const sendVectors = new Map<string, Uint32Array>();
  const next = rows.map(() => 0);
  let remaining = rows.reduce((sum, list) => sum + list.length, 0);
  let lines: string[] = [];
  while (remaining > 0) {
    let progressed = false;
    for (let vm = 0; vm < m; vm++) {
      const list = rows[vm] ?? [];
      const vector = vectors[vm] as Uint32Array;
      for (let row = list[next[vm] ?? 0]; row !== undefined; row = list[next[vm] ?? 0]) {
        if (row.event === 'receive') {
          const carried = sendVectors.get(row.msgId);
          if (carried === undefined && sent.has(row.msgId)) break; // its send is not replayed yet
          if (carried !== undefined) for (let k = 0; k < m; k++) vector[k] = Math.max(vector[k] ?? 0, carried[k] ?? 0);
        }
        vector[vm] = (vector[vm] ?? 0) + 1;
        if (row.event === 'send' && !sendVectors.has(row.msgId)) sendVectors.set(row.msgId, vector.slice());
        lines.push(shivizLine(vm, row, vector));
        if (lines.length >= 1000) {
          if (!write(`${lines.join('\n')}\n`)) return outputClosed;
          lines = [];
          // Holds the log to what the output has not taken yet (export-outcome.ts).
          await drained();
        }
        next[vm] = (next[vm] ?? 0) + 1;
        remaining -= 1;
        progressed = true;
      }
    }
    if (!progressed) return cycle(facts, rows, next);
  }
  if (lines.length > 0 && !write(`${lines.join('\n')}\n`)) return outputClosed;
  const hosts = rows.filter((list) => list.length > 0).length;
  const events = rows.reduce((sum, list) => sum + list.length, 0);
  const fails = await verdictOf(facts.runDir, facts.machines, joinRowVerdicts(verdicts));
  return { ok: true, hosts, events, clampedEntries: 0, clampedOf: [], vectors: 'replayed', fails };
}

const fileOf = (facts: RunFacts, vm: number): string => join(facts.runDir, csvFileName(vm));

/** Every VM waits on a receive whose send waits in turn: the logs contradict themselves. */
function cycle(facts: RunFacts, rows: EventRow[][], next: number[]): NotExportable {
  const vm = rows.findIndex((list, id) => (next[id] ?? 0) < list.length);
  const row = rows[vm]?.[next[vm] ?? 0];
  const what = row?.event === 'receive' ? `the receive of ${row.msgId}` : 'a receive';
  return notExportable(
    fileOf(facts, vm),
    row?.line ?? null,
    `${what} waits on its send, which waits on it (a causal cycle)`,
  );
}
