/**
 * The `report` and `compare` subcommands without the CLI around them: each takes its arguments and two line
 * writers (stdout and stderr in the CLI, arrays in tests) and returns the exit code. Each says first, in one line
 * per run, when its figures come from a folder that fails check (analysis/fails-check.ts), and then exits 5.
 */

import { type FailsCheck, failsCheckLine, folderVerdict } from '../analysis/fails-check.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { counted } from '../shared/counted.js';
import { exitCodes } from '../shared/exit-codes.js';
import type { Writers } from '../shared/line-writers.js';
import { printable } from '../shared/printable-text.js';
import { type ComparedSeries, compareChartSpecs } from './charts/compare-specs.js';
import { heldToEnd, timeSeries } from './charts/time-series.js';
import { compareTable, loadComparedRuns, type NoRowsToCompare, notComparedLine } from './compare-runs.js';
import { distinctRuns } from './distinct-runs.js';
import { compareHtml } from './html/compare-html.js';
import { readPageScripts } from './html/page-scripts.js';
import { readRunEvents } from './run-events.js';
import {
  nothingToReportLine,
  type WriteReportResult,
  writeAtomically,
  writeReport,
  writeReportTo,
} from './write-report.js';

export async function reportCommand(runDir: string, options: { out?: string }, io: Writers): Promise<number> {
  const result = options.out === undefined ? await writeReport(runDir) : await writeReportTo(runDir, options.out);
  // The page is written (its check section lists the findings); the line says it before the page's path.
  const fails = result.ok ? result.fails : null;
  if (fails !== null) io.err(failsCheckLine('figures', fails));
  return withFails(written(result, 'report', io), fails === null ? [] : [fails]);
}

export async function compareCommand(
  given: readonly string[],
  options: { html?: string; width?: number },
  io: Writers,
): Promise<number> {
  const distinct = await distinctRuns(given);
  for (const note of distinct.notes) io.err(note);
  const dirs = distinct.dirs;
  if (dirs.length < 2) {
    io.err(`compare: found ${counted(dirs.length, 'run folder')}; allowed: 2 or more`);
    return exitCodes.usage;
  }
  const loaded = await loadComparedRuns(dirs);
  if (!loaded.ok) return notCompared(loaded, options.html !== undefined, io);
  // Each run whose folder fails check is named before the table: its column is not to be trusted.
  const failing: FailsCheck[] = [];
  for (const run of loaded.runs) {
    const fails = await folderVerdict(run.analysis);
    if (fails !== null) failing.push(fails);
  }
  for (const fails of failing) io.err(failsCheckLine('figures', fails));
  for (const line of compareTable(loaded.runs, options.width ?? 80)) io.out(line);
  if (options.html === undefined) return withFails(exitCodes.ok, failing);
  // One run's rows at a time: only the downsampled series are kept, however many and however long the runs.
  const series: ComparedSeries[] = [];
  let rows = 0;
  for (const run of loaded.runs) {
    const read = await readRunEvents(run.dir);
    if (!read.ok) {
      io.err(`unreadable: ${printable(read.file)}: ${read.detail}`);
      return exitCodes.usage;
    }
    const events = read.run;
    rows += events.vms.reduce((sum, vm) => sum + vm.rows, 0);
    const vmSeries = timeSeries(events, heldToEnd(events, run.analysis), 1000);
    series.push({
      label: run.label,
      speed: events.facts.speed,
      series: vmSeries,
      jumps: events.vms.map((vm) => vm.jump),
    });
  }
  const html = compareHtml(loaded.runs, compareChartSpecs(series), await readPageScripts(), new Date().toISOString());
  return withFails(written(await writeAtomically(options.html, html, rows, dirs), 'comparison', io), failing);
}

/** A command that did its work over folders that fail check exits failsCheck; one that failed keeps its code. */
function withFails(code: number, failing: readonly FailsCheck[]): number {
  return code === exitCodes.ok && failing.length > 0 ? exitCodes.failsCheck : code;
}

function notCompared(result: NoRowsToCompare | Unreadable, page: boolean, io: Writers): number {
  if (result.reason !== 'no-rows') return written(result, 'comparison', io);
  // As `report`: 1, nothing is printed or written; the fix is to compare the runs that happened.
  io.err(notComparedLine(result, page));
  return exitCodes.failed;
}

function written(result: WriteReportResult, what: string, io: Writers): number {
  if (result.ok) {
    io.out(
      `${what}: ${printable(result.file)} (${(result.bytes / 1e6).toFixed(1)} MB, ${counted(result.rows, 'row')})`,
    );
    return exitCodes.ok;
  }
  const reason = result.reason;
  switch (reason) {
    case 'unreadable':
      io.err(`unreadable: ${printable(result.file)}: ${result.detail}`);
      return exitCodes.usage;
    case 'unwritable':
      io.err(`unwritable: ${printable(result.file)}: ${result.detail}`);
      return exitCodes.usage;
    case 'no-rows':
      // Not 0: no page was written. Not 2: the folder reads as a run, the run itself logged nothing.
      io.err(nothingToReportLine(result));
      return exitCodes.failed;
    default: {
      const never: never = reason;
      throw new Error(`unhandled outcome ${String(never)}`);
    }
  }
}
