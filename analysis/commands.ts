/**
 * The `check` and `analyze` subcommands without the CLI around them: each takes a run folder and a line writer
 * (console.log in the CLI, an array in tests) and returns the exit code, so commander only has to wire them in.
 */

import { exitCodes } from '../shared/exit-codes.js';
import { analyzeRun } from './analyze-run.js';
import { checkRun } from './check-run.js';
import { formatAnalysis } from './format-analysis.js';
import { formatCheck } from './format-check.js';
import { writeSummary } from './write-summary.js';

export type LineWriter = (line: string) => void;

export async function checkCommand(runDir: string, out: LineWriter): Promise<number> {
  const result = await checkRun(runDir);
  for (const line of formatCheck(result)) out(line);
  if (result.ok) return exitCodes.ok;
  return result.reason === 'violations' ? exitCodes.failed : exitCodes.usage;
}

export type AnalyzeCommandOptions = {
  /** Print the analysis as JSON (the RunAnalysis value) instead of tables. */
  json: boolean;
  /** Also write summary.json into the run folder. */
  summary?: boolean;
  /** Terminal columns the tables are fitted to (80 when not a terminal). */
  width?: number;
};

export async function analyzeCommand(runDir: string, options: AnalyzeCommandOptions, out: LineWriter): Promise<number> {
  const result = await analyzeRun(runDir);
  if (!result.ok) {
    out(`unreadable: ${result.file}: ${result.detail}`);
    return exitCodes.usage;
  }
  out(options.json ? JSON.stringify(result.analysis, null, 2) : formatAnalysis(result.analysis, options.width ?? 80));
  if (options.summary === true) {
    const written = await writeSummary(runDir, result);
    if (!written.ok) {
      out(`unwritable: ${written.file}: ${written.detail}`);
      return exitCodes.usage;
    }
    // With --json, stdout is the JSON alone: the summary's path would corrupt it.
    if (!options.json) out(`summary: ${written.file}`);
  }
  return exitCodes.ok;
}
