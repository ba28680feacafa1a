/**
 * `launcher compare`: several runs' key figures side by side (run-figures.ts), from each run's summary.json when it
 * is current, or a fresh analyzeRun. The first run that cannot be read stops the comparison: a table with a hole
 * would invite the wrong conclusion.
 */
import { basename, resolve } from 'node:path';
import { analyzeRun } from '../analysis/analyze-run.js';
import type { RunAnalysis } from '../analysis/run-analysis.js';
import { fitTable } from '../analysis/text-table.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { figureRows, type RunFigures, runFigures } from './run-figures.js';
import { savedAnalysis } from './saved-analysis.js';

export type ComparedRun = { label: string; dir: string; analysis: RunAnalysis; figures: RunFigures };

export async function loadComparedRuns(
  dirs: readonly string[],
): Promise<{ ok: true; runs: ComparedRun[] } | Unreadable> {
  const labels = runLabels(dirs);
  const runs: ComparedRun[] = [];
  for (const [i, dir] of dirs.entries()) {
    const result = (await savedAnalysis(dir)) ?? (await analyzeRun(dir));
    if (!result.ok) return result;
    runs.push({ label: labels[i] ?? dir, dir, analysis: result.analysis, figures: runFigures(result.analysis) });
  }
  return { ok: true, runs };
}

/** Each run's folder name, or the path as given when two folders share a name. */
export function runLabels(dirs: readonly string[]): string[] {
  const names = dirs.map((dir) => basename(resolve(dir)));
  const unique = new Set(names).size === names.length;
  return unique ? names : [...dirs];
}

/** A column per run after the figure names; runs that do not fit the width follow in further blocks. */
export function compareTable(runs: readonly ComparedRun[], width: number): string[] {
  return fitTable(
    ['figure', ...runs.map((run) => run.label)],
    figureRows.map(([name, figure]) => [name, ...runs.map((run) => figure(run.figures))]),
    { width, keep: 1, decimals: 3, whole: 'the --html page' },
  );
}
