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
import { cellText, fitTable } from '../analysis/text-table.js';
import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { printable } from '../shared/printable-text.js';
import { type FigureRow, figureRows, type RunFigures, runFigures } from './run-figures.js';
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

/** Figures to three decimals, on the terminal as on the page. */
const decimals = 3;

/**
 * A column per run after the figure names; runs that do not fit the width follow in further blocks. A cell too wide
 * for a column beside the names (40 VMs' rates) takes its short form, `100-999 (40 VMs)`: a run left out of a
 * comparison of two says nothing of it (the --html page has the whole list).
 */
export function compareTable(runs: readonly ComparedRun[], width: number): string[] {
  const header = ['figure', ...runs.map((run) => printable(run.label))];
  const keyWidth = Math.max(header[0]?.length ?? 0, ...figureRows.map(([name]) => name.length));
  const room = width - keyWidth - 2;
  const cell = (row: FigureRow, run: ComparedRun) => {
    const [, figure, short] = row;
    const full = figure(run.figures);
    return short !== undefined && cellText(full, decimals).length > room ? short(run.figures) : full;
  };
  return fitTable(
    header,
    figureRows.map((row) => [row[0], ...runs.map((run) => cell(row, run))]),
    { width, keep: 1, decimals, whole: 'the --html page' },
  );
}
