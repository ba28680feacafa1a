/**
 * `summary.json` in the run folder: the analysis, saved beside the data it describes so reports and experiments
 * need not re-read millions of rows (written whole or not at all: run-folder/saved-results.ts). It stands in for
 * analyzeRun only when it is newer than the manifest and every CSV and describes this run with every figure this
 * build computes; anything else (missing, stale, another shape) means analysing afresh.
 */
import { newerThanInputs, runInputNames } from '../run-folder/file-stamps.js';
import type { RunFacts } from '../run-folder/run-manifest.js';
import { readSavedJson, type SaveResult, saveJson, summaryFileName } from '../run-folder/saved-results.js';
import { analysisMethod, type RunAnalysis } from './run-analysis.js';

export type WriteSummaryResult = SaveResult;

export function writeSummary(runDir: string, analysis: RunAnalysis): Promise<WriteSummaryResult> {
  return saveJson(runDir, summaryFileName, analysis, 2);
}

/** The saved analysis of the run `facts` describes, with `runDir` as read; null when it cannot stand in. */
export async function savedSummary(facts: RunFacts): Promise<RunAnalysis | null> {
  if (!(await newerThanInputs(facts.runDir, summaryFileName, runInputNames(facts.machines)))) return null;
  const value = (await readSavedJson(facts.runDir, summaryFileName)) as Partial<RunAnalysis> | null;
  if (typeof value !== 'object' || value === null) return null;
  const fits =
    value.runId === facts.runId &&
    value.machines === facts.machines &&
    Array.isArray(value.vms) &&
    value.vms.length === facts.machines &&
    typeof value.method === 'object' &&
    value.method !== null &&
    // A summary from before a figure was added (its method lacks that figure's definition) is analysed afresh.
    Object.keys(analysisMethod).every((figure) => figure in (value.method as object));
  return fits ? { ...(value as RunAnalysis), runDir: facts.runDir } : null;
}
