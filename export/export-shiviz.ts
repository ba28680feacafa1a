/**
 * A run folder as a ShiViz log (shiviz-lines.ts), streamed VM by VM: ShiViz orders each host's events by their own
 * vector entry, so the file need not interleave them. The vectors are the vector_clock column as the VMs wrote it;
 * a run from before vector clocks has them computed by replaying its messages (replay-vectors.ts).
 *
 * An entry that points past the last row its VM logged (an event lost with a VM killed mid-write) is lowered to that
 * last logged event, so that ShiViz finds every event a clock names; such entries are counted and reported. So is
 * one naming an event of rows kept on a VM's host, whose later entries are renumbered (kept-row-entries.ts).
 */
import { join } from 'node:path';
import { verdictOf } from '../analysis/fails-check.js';
import { joinRowVerdicts, type RowVerdict, rowVerdictReader } from '../analysis/row-verdict.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import { parseRow } from '../run-folder/csv-row.js';
import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import { streamVmCsv } from '../run-folder/read-vm-csv.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { type CsvSurvey, surveyCsv } from './csv-survey.js';
import {
  alwaysDrained,
  type ClampedOf,
  type Drained,
  type ExportOutcome,
  type NotExportable,
  notExportable,
  type OutputClosed,
  outputClosed,
  type WriteChunk,
} from './export-outcome.js';
import { KeptRowEntries } from './kept-row-entries.js';
import { replayShiviz } from './replay-vectors.js';
import { shivizHeader, shivizLine } from './shiviz-lines.js';

/** A run read far enough to export: its manifest, and each VM's CSV surveyed (its format, its rows). */
export type SurveyedRun = { facts: RunFacts; surveys: CsvSurvey[] };

/**
 * The run looked at before any output is opened: a run with nothing to export (no row, an unreadable folder) says so
 * whatever the output, which is then never touched.
 */
export async function surveyRun(runDir: string): Promise<{ ok: true; run: SurveyedRun } | NoRowLogged | Unreadable> {
  const manifest = await readRunManifest(runDir);
  if (!manifest.ok) return manifest;
  const facts = manifest.facts;
  const files = Array.from({ length: facts.machines }, (_, vm) => join(runDir, csvFileName(vm)));
  const surveys: CsvSurvey[] = [];
  for (const file of files) {
    const survey = await surveyCsv(file);
    if ('reason' in survey) return survey;
    surveys.push(survey);
  }
  // Before the header: a log of no event would read as a run that happened (an empty diagram).
  if (surveys.every((s) => s.rows === 0)) return noRowLogged(runDir, facts);
  return { ok: true, run: { facts, surveys } };
}

/** Hands the log to `write` in chunks of whole lines, waiting on `drained` before reading on (export-outcome.ts). */
export async function exportShiviz(
  runDir: string,
  write: WriteChunk,
  drained: Drained = alwaysDrained,
): Promise<ExportOutcome> {
  const surveyed = await surveyRun(runDir);
  return surveyed.ok ? writeShiviz(surveyed.run, write, drained) : surveyed;
}

/** The log of a surveyed run, to `write`. */
export async function writeShiviz(
  { facts, surveys }: SurveyedRun,
  write: WriteChunk,
  drained: Drained = alwaysDrained,
): Promise<ExportOutcome> {
  if (!write(shivizHeader)) return outputClosed;
  if (surveys.some((s) => s.beforeVectors)) return replayShiviz(facts, write, drained);
  return exportLogged(
    facts,
    surveys.map((s) => s.rows),
    write,
    drained,
  );
}

async function exportLogged(
  facts: RunFacts,
  rowsPerVm: number[],
  write: WriteChunk,
  drained: Drained,
): Promise<ExportOutcome> {
  let events = 0;
  let clampedEntries = 0;
  let hosts = 0;
  const vector = new Uint32Array(facts.machines);
  const clampedPerVm = new Uint32Array(facts.machines);
  const verdicts: RowVerdict[] = [];
  const kept = await KeptRowEntries.of(facts);
  for (let vm = 0; vm < facts.machines; vm++) {
    const file = join(facts.runDir, csvFileName(vm));
    // The check's rules on the VM's own rows, in this one read: whether the log comes from a folder check rejects.
    const checked = rowVerdictReader(facts, vm);
    // Set inside the row callback; a holder, so that the check after the read sees it.
    const stop: { failure: NotExportable | OutputClosed | null } = { failure: null };
    let own = 0;
    let lines: string[] = [];
    const read = await streamVmCsv(
      file,
      (record, line, fields) => {
        if (stop.failure !== null) return;
        const parsed = parseRow(record, line, vm, facts.machines, fields, vector);
        if (!parsed.ok) {
          stop.failure = notExportable(file, line, `found ${parsed.found}; expected ${parsed.expected}`);
          return;
        }
        checked.checks.row(parsed.row);
        // Every file here has the vector_clock column (a run from before it is replayed), and parseRow read it into
        // `vector`: a row without one is a bug.
        if (parsed.row.vectorClock === undefined) throw new Error(`${file} line ${line}: a row without its vector`);
        clampedEntries += kept.renumber(vector, clampedPerVm);
        if (vector[vm] !== own + 1) {
          const detail = `own vector entry ${vector[vm]} after ${own}; ShiViz needs 1, 2, 3, ... (see launcher check)`;
          stop.failure = notExportable(file, line, detail);
          return;
        }
        own += 1;
        for (let h = 0; h < vector.length; h++) {
          const logged = rowsPerVm[h] ?? 0;
          if (h !== vm && (vector[h] ?? 0) > logged) {
            vector[h] = logged;
            clampedEntries += 1;
            clampedPerVm[h] = (clampedPerVm[h] ?? 0) + 1;
          }
        }
        lines.push(shivizLine(vm, parsed.row, vector));
        if (lines.length >= 1000) {
          if (!write(`${lines.join('\n')}\n`)) stop.failure = outputClosed;
          lines = [];
        }
      },
      // The output's pace: a reader slower than this read (a pipe) had the whole log wait in memory for it.
      { pace: drained },
    );
    if (!read.ok) return read;
    if (stop.failure !== null) return stop.failure;
    verdicts.push(checked.done(read.records));
    if (lines.length > 0 && !write(`${lines.join('\n')}\n`)) return outputClosed;
    events += own;
    if (own > 0) hosts += 1;
  }
  const fails = await verdictOf(facts.runDir, facts.machines, joinRowVerdicts(verdicts));
  const clampedOf = [...clampedPerVm].flatMap((entries, vm) =>
    entries === 0 ? [] : [{ vm, entries, onHost: hostKeeping(facts, vm) }],
  );
  return { ok: true, hosts, events, clampedEntries, clampedOf, vectors: 'logged', fails };
}

/** The host a VM's rows that are not in the run folder stay on (rowsOnHost, or an earlier life's), else null. */
function hostKeeping(facts: RunFacts, vm: number): ClampedOf['onHost'] {
  const entry = facts.vms.find((v) => v.id === vm);
  if (entry?.rowsOnHost !== undefined) return { host: entry.rowsOnHost.host, field: 'rowsOnHost' };
  const earlier = entry?.earlierRowsOnHost?.[0];
  return earlier === undefined ? null : { host: earlier.host, field: 'earlierRowsOnHost' };
}
