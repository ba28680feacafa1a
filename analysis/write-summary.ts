/**
 * `summary.json` in the run folder: the analysis, saved beside the data it describes so reports and experiments
 * need not re-read millions of rows (written whole or not at all: run-folder/saved-results.ts). It is the analysis
 * as `analyze --json` prints it plus `inputs`, the stamps of the files it was computed from, and stands in for
 * analyzeRun only while they are unchanged (checked as for check.json: readStampedJson) and it describes this run
 * with every figure this build computes, defined as this build defines it (its `method`); anything else (missing, stale, another shape) means analysing afresh.
 */
import type { RunFacts } from '../run-folder/run-facts.js';
import { readStampedJson, type SaveResult, saveJson, summaryFileName } from '../run-folder/saved-results.js';
import { analysisMethod } from './analysis-method.js';
import type { Analyzed } from './analyze-run.js';
import type { RunAnalysis } from './run-analysis.js';

export type WriteSummaryResult = SaveResult;

export function writeSummary(runDir: string, { analysis, inputs }: Analyzed): Promise<WriteSummaryResult> {
  return saveJson(runDir, summaryFileName, { ...analysis, inputs }, 2);
}

/** The saved analysis of the run `facts` describes, with `runDir` as read; null when it cannot stand in. */
export async function savedSummary(facts: RunFacts): Promise<Analyzed | null> {
  const saved = await readStampedJson(facts.runDir, summaryFileName, facts.machines);
  if (saved === null) return null;
  const { inputs, ...value } = saved as Partial<RunAnalysis> & Pick<Analyzed, 'inputs'>;
  const fits =
    value.runId === facts.runId &&
    value.machines === facts.machines &&
    Array.isArray(value.vms) &&
    value.vms.length === facts.machines &&
    typeof value.method === 'object' &&
    value.method !== null &&
    // The method is the summary's version: one from before a figure was added or a definition changed (the ticks
    // due of a run stopped by a signal) does not say what this build computes, so the run is analysed afresh.
    Object.entries(analysisMethod).every(
      ([figure, text]) => (value.method as Record<string, unknown>)[figure] === text,
    );
  return fits ? { ok: true, analysis: { ...(value as RunAnalysis), runDir: facts.runDir }, inputs } : null;
}
