/**
 * summary.json, when it can stand in for analyzeRun: `launcher run` and `launcher analyze` write it so that readers
 * need not stream millions of rows again. It is used only when it is newer than the manifest and every CSV and
 * describes this run; anything else (missing, stale, another shape) means analysing afresh.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalyzeResult } from '../analysis/analyze-run.js';
import { analysisMethod, type RunAnalysis } from '../analysis/run-analysis.js';
import { summaryFileName } from '../analysis/write-summary.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import { manifestFileName } from '../run-folder/manifest.js';
import { readRun } from '../run-folder/read-run.js';

export async function savedAnalysis(runDir: string): Promise<AnalyzeResult | null> {
  const manifest = await readRun(runDir);
  if (!manifest.ok) return null;
  const facts = manifest.facts;
  const mtime = (name: string) =>
    stat(join(runDir, name)).then(
      (s) => s.mtimeMs,
      () => null,
    );
  const saved = await mtime(summaryFileName);
  if (saved === null) return null;
  const inputs = [manifestFileName, ...Array.from({ length: facts.machines }, (_, vm) => csvFileName(vm))];
  for (const name of inputs) if (((await mtime(name)) ?? 0) > saved) return null;
  let value: Partial<RunAnalysis>;
  try {
    value = JSON.parse(await readFile(join(runDir, summaryFileName), 'utf8')) as Partial<RunAnalysis>;
  } catch {
    return null;
  }
  const fits =
    value.runId === facts.runId &&
    value.machines === facts.machines &&
    Array.isArray(value.vms) &&
    value.vms.length === facts.machines &&
    typeof value.method === 'object' &&
    value.method !== null &&
    // A summary from before a figure was added (its method lacks that figure's definition) is analysed afresh.
    Object.keys(analysisMethod).every((figure) => figure in (value.method as object));
  return fits ? { ok: true, analysis: { ...(value as RunAnalysis), runDir: facts.runDir } } : null;
}
