/**
 * `launcher compare`: several runs' key figures side by side (run-figures.ts), from each run's summary.json when it
 * is current, or a fresh analyzeRun. The first run that cannot be read stops the comparison: a table with a hole
 * would invite the wrong conclusion. So do runs no VM logged a row in (a port taken, a Ctrl-C before the start): a
 * column of dashes and zeros would read as a run that happened; every one of them is named, so that one try tells
 * which runs to leave out.
 */
import { resolve, sep } from 'node:path';
import { analyzeRun } from '../analysis/analyze-run.js';
import type { RunAnalysis } from '../analysis/run-analysis.js';
import { fitTable } from '../analysis/text-table.js';
import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { printable } from '../shared/printable-text.js';
import { figureRows, type RunFigures, runFigures } from './run-figures.js';
import { savedAnalysis } from './saved-analysis.js';

export type ComparedRun = { label: string; dir: string; analysis: RunAnalysis; figures: RunFigures };

/** The compared runs no VM logged a row in (one or more), in the order given. */
export type NoRowsToCompare = { ok: false; reason: 'no-rows'; runs: readonly { dir: string; noRow: NoRowLogged }[] };

export async function loadComparedRuns(
  dirs: readonly string[],
): Promise<{ ok: true; runs: ComparedRun[] } | NoRowsToCompare | Unreadable> {
  const labels = runLabels(dirs);
  const runs: ComparedRun[] = [];
  const empty: { dir: string; noRow: NoRowLogged }[] = [];
  for (const [i, dir] of dirs.entries()) {
    const result = (await savedAnalysis(dir)) ?? (await analyzeRun(dir));
    if (!result.ok) return result;
    if (result.analysis.rows === 0) empty.push({ dir, noRow: noRowLogged(dir, result.analysis) });
    else runs.push({ label: labels[i] ?? dir, dir, analysis: result.analysis, figures: runFigures(result.analysis) });
  }
  return empty.length === 0 ? { ok: true, runs } : { ok: false, reason: 'no-rows', runs: empty };
}

/** Runs named in full, with how each ended, before the rest are named by folder only: one line stays readable. */
const namedInFull = 3;

/**
 * `cannot compare: no VM logged a row in A (run failed: ...); no VM logged a row in B (...); leave those 2 runs out`;
 * past three runs, `and 2 more (D, E)`. `page`: an --html page was asked for (`no page written;`).
 */
export function notComparedLine(result: NoRowsToCompare, page: boolean): string {
  const full = result.runs.slice(0, namedInFull).map((run) => run.noRow.said);
  const rest = result.runs.slice(namedInFull).map((run) => printable(run.dir));
  const more = rest.length === 0 ? [] : [`and ${rest.length} more (${rest.join(', ')})`];
  const count = result.runs.length;
  const leave = count === 1 ? 'leave that run out' : `leave those ${count} runs out`;
  return `cannot compare: ${[...full, ...more].join('; ')}; ${page ? 'no page written; ' : ''}${leave}`;
}

/**
 * Each run's folder name; when two share one, the shortest ending of the paths that tells them apart
 * (`original/trial-1`, `rates-3-5/trial-1`), which keeps the table's columns narrow. The same folder given twice keeps
 * its path as given.
 */
export function runLabels(dirs: readonly string[]): string[] {
  const parts = dirs.map((dir) =>
    resolve(dir)
      .split(sep)
      .filter((part) => part !== ''),
  );
  const most = Math.max(1, ...parts.map((p) => p.length));
  for (let depth = 1; depth <= most; depth++) {
    const labels = parts.map((p) => p.slice(-depth).join('/'));
    if (new Set(labels).size === labels.length) return labels;
  }
  return [...dirs];
}

/** A column per run after the figure names; runs that do not fit the width follow in further blocks. */
export function compareTable(runs: readonly ComparedRun[], width: number): string[] {
  return fitTable(
    ['figure', ...runs.map((run) => printable(run.label))],
    figureRows.map(([name, figure]) => [name, ...runs.map((run) => figure(run.figures))]),
    { width, keep: 1, decimals: 3, whole: 'the --html page' },
  );
}
