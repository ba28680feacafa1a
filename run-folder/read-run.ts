/**
 * A run folder as the analysis and the checker see it: the manifest first (what ran), then each VM's rows,
 * parsed and streamed one VM at a time so that only one file's parser is alive at once.
 */
import { join } from 'node:path';
import { csvFileName } from './csv-columns.js';
import { parseRow } from './csv-row.js';
import type { RowParse } from './event-row.js';
import { type CsvReadSummary, streamVmCsv } from './read-vm-csv.js';
import type { RunFacts } from './run-facts.js';
import { type ReadManifestResult, readRunManifest } from './run-manifest.js';
import type { Unreadable } from './unreadable.js';

export type { RunFacts } from './run-facts.js';

export function readRun(runDir: string): Promise<ReadManifestResult> {
  return readRunManifest(runDir);
}

/**
 * `vector`: after a well-formed row with a vector_clock, its entries by VM id, as parseRow read them (one array for
 * every row of the file: copy what must outlive the row).
 */
export type RowHandler = (parsed: RowParse, vector: Uint32Array) => void;

/** Streams VM `vmId`'s CSV, calling `onRow` for every data row in file order; missing file = no rows. */
export function readVmRows(facts: RunFacts, vmId: number, onRow: RowHandler): Promise<CsvReadSummary | Unreadable> {
  const vector = new Uint32Array(facts.machines);
  return streamVmCsv(join(facts.runDir, csvFileName(vmId)), (record, line, fields) =>
    onRow(parseRow(record, line, vmId, facts.machines, fields, vector), vector),
  );
}

export type VmRead = { vmId: number; csv: CsvReadSummary };

/**
 * Reads every VM in id order. `rowHandlerFor(vmId)` gives the handler for that VM's rows; the first unreadable file
 * stops the read, since any figure over a partly read run would mislead.
 */
export async function readAllVms(
  facts: RunFacts,
  rowHandlerFor: (vmId: number) => RowHandler,
): Promise<{ ok: true; vms: VmRead[] } | Unreadable> {
  const vms: VmRead[] = [];
  for (let vmId = 0; vmId < facts.machines; vmId++) {
    const csv = await readVmRows(facts, vmId, rowHandlerFor(vmId));
    if (!csv.ok) return csv;
    vms.push({ vmId, csv });
  }
  return { ok: true, vms };
}
