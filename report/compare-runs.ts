/**
 * `launcher compare`: several runs' key figures side by side (run-figures.ts), from each run's summary.json when it
 * is current, or a fresh analyzeRun. The first run that cannot be read, or that no VM logged a row in (a port taken, a
 * Ctrl-C before the start), stops the comparison: a table with a hole would invite the wrong conclusion, and a column
 * of dashes and zeros would read as a run that happened.
 */
import { resolve, sep } from 'node:path';
import { analyzeRun } from '../analysis/analyze-run.js';
import type { RunAnalysis } from '../analysis/run-analysis.js';
import { fitTable } from '../analysis/text-table.js';
import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { figureRows, type RunFigures, runFigures } from './run-figures.js';
import { savedAnalysis } from './saved-analysis.js';

export type ComparedRun = { label: string; dir: string; analysis: RunAnalysis; figures: RunFigures };

export async function loadComparedRuns(
  dirs: readonly string[],
): Promise<{ ok: true; runs: ComparedRun[] } | NoRowLogged | Unreadable> {
  const labels = runLabels(dirs);
  const runs: ComparedRun[] = [];
  for (const [i, dir] of dirs.entries()) {
    const result = (await savedAnalysis(dir)) ?? (await analyzeRun(dir));
    if (!result.ok) return result;
    if (result.analysis.rows === 0) return noRowLogged(dir, result.analysis);
    runs.push({ label: labels[i] ?? dir, dir, analysis: result.analysis, figures: runFigures(result.analysis) });
  }
  return { ok: true, runs };
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
    ['figure', ...runs.map((run) => run.label)],
    figureRows.map(([name, figure]) => [name, ...runs.map((run) => figure(run.figures))]),
    { width, keep: 1, decimals: 3, whole: 'the --html page' },
  );
}
