/**
 * `launcher export` without the CLI around it: a run folder, a format, an output (a file, or standard output), and
 * the exit code. Messages go to `io.message` (stderr in the CLI), so standard output holds the log alone.
 */

import type { AtomicFile } from '../run-folder/exclusive-file.js';
import {
  type OutputTarget,
  openOutput,
  outputErrorDetail,
  replacedRun,
  replacedRunDetail,
  resolveOutput,
} from '../run-folder/output-file.js';
import { exitCodes } from '../shared/exit-codes.js';
import { printable } from '../shared/printable-text.js';
import { type ExportFormat, exportFormats } from './export-formats.js';
import type { Drained, WriteChunk } from './export-outcome.js';
import { reportExport } from './export-report.js';
import { surveyRun, writeShiviz } from './export-shiviz.js';

export type ExportIo = {
  /**
   * Standard output: `write` false once a write failed; `flushed` resolves once every write is done, with how they
   * went: `reader-gone` when the reader stopped reading (`| head`), `failed` for any other failed write, which its
   * owner says (the CLI's one line for a failed standard output), so the export adds none. `drained` resolves once
   * the writes so far are taken (or failed): the export keeps pace with a slower reader.
   */
  stdout: { write: WriteChunk; drained: Drained; flushed(): Promise<StdoutEnd> };
  message: (line: string) => void;
  /** Aborted by a stop signal (Ctrl-C): an export to a file stops, removes its temporary file and exits 130. */
  interrupt?: AbortSignal;
  /**
   * Called once `--out` is known to be a device or a pipe (`/dev/stdout | less`): there is no temporary file to remove,
   * and a write into a pipe whose reader does not read blocks for good, so `interrupt` would never be looked at again
   * (Ctrl-C did nothing, twice). The caller then lets a stop signal end the process as by default, as for stdout.
   */
  streaming?: () => void;
};

export type StdoutEnd = 'flushed' | 'reader-gone' | 'failed';

const isFormat = (name: string): name is ExportFormat => (exportFormats as readonly string[]).includes(name);

export async function exportCommand(
  runDir: string,
  options: { format: string; out?: string },
  io: ExportIo,
): Promise<number> {
  if (!isFormat(options.format)) {
    io.message(`unknown format '${options.format}'; allowed: ${exportFormats.join(', ')}`);
    return exitCodes.usage;
  }
  if (options.out === undefined) {
    // Standard output cannot be taken back: a first pass writes nothing and finds any row the log cannot show, so a
    // run that is not exportable writes nothing there. Memory stays about a MiB of the log whatever the run's size
    // (the second pass waits on a slower reader); the price is reading the CSVs twice (the survey before them once: both passes go by it).
    const surveyed = await surveyRun(runDir);
    if (!surveyed.ok) return reportExport(surveyed, 'standard output', io.message);
    const trial = await writeShiviz(surveyed.run, () => true);
    if (!trial.ok) return reportExport(trial, 'standard output', io.message);
    const outcome = await writeShiviz(surveyed.run, io.stdout.write, io.stdout.drained);
    // A run that is not exportable says so even if its partial log was lost too; nothing else may claim success.
    const failedFirst = !outcome.ok && outcome.reason !== 'output-closed';
    const flushed = await io.stdout.flushed();
    // A reader that stopped reading (`| head`) took what it wanted: the export stops there, as `run | head` does.
    if (flushed !== 'flushed' && !failedFirst) {
      return flushed === 'reader-gone' ? exitCodes.ok : exitCodes.outputUnwritable;
    }
    // The first pass read it whole: a row refused now was written between the two passes, after part of the log.
    const changed = failedFirst && outcome.reason === 'not-exportable';
    const detail = changed ? `${outcome.detail} (changed during the export: the log written is partial)` : '';
    return reportExport(changed ? { ...outcome, detail } : outcome, 'standard output', io.message);
  }
  return exportToFile(runDir, options.out, io);
}

/**
 * Written beside the target and renamed at the end (output-file.ts): a failed export never touches `out`. A device or
 * a pipe (`--out /dev/null`) is written straight into instead. The run is looked at first: one with nothing to export
 * says so (and exits 1) whatever `out` is, where an `out` that cannot be written would have hidden it.
 */
async function exportToFile(runDir: string, out: string, io: ExportIo): Promise<number> {
  const surveyed = await surveyRun(runDir);
  if (!surveyed.ok) return reportExport(surveyed, printable(out), io.message);
  let target: OutputTarget;
  let file: AtomicFile;
  try {
    target = await resolveOutput(out);
    if (target.into === 'stream') io.streaming?.();
    const replaced = await replacedRun([runDir], out, target);
    if (replaced !== null) {
      io.message(`cannot write ${printable(out)}: ${replacedRunDetail(replaced)}`);
      return exitCodes.usage;
    }
    file = await openOutput(target);
  } catch (error) {
    io.message(`cannot write ${printable(out)} (${outputErrorDetail(error)})`);
    return exitCodes.usage;
  }
  const outcome = await writeShiviz(
    surveyed.run,
    (text) => io.interrupt?.aborted !== true && file.write(text),
    () => file.drained(),
  );
  if (io.interrupt?.aborted === true) {
    await file.discard();
    io.message(
      target.into === 'stream'
        ? `interrupted: the export to ${printable(out)} stopped part way`
        : `interrupted: nothing written to ${printable(out)}`,
    );
    return exitCodes.interrupted;
  }
  if (!outcome.ok && outcome.reason !== 'output-closed') {
    await file.discard();
    return reportExport(outcome, printable(out), io.message);
  }
  try {
    await file.commit();
  } catch (error) {
    io.message(`cannot write ${printable(out)} (${outputErrorDetail(error)})`);
    return exitCodes.usage;
  }
  return reportExport(outcome, printable(out), io.message);
}
