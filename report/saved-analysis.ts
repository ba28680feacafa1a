/**
 * summary.json, when it can stand in for analyzeRun (analysis/write-summary.ts says when): `launcher run` and
 * `launcher analyze` write it so that the report need not stream millions of rows again.
 */
import type { Analyzed } from '../analysis/analyze-run.js';
import { savedSummary } from '../analysis/write-summary.js';
import { readRun } from '../run-folder/read-run.js';

export async function savedAnalysis(runDir: string): Promise<Analyzed | null> {
  const manifest = await readRun(runDir);
  if (!manifest.ok) return null;
  return savedSummary(manifest.facts);
}
