/**
 * The `check` and `analyze` subcommands without the CLI around them: each takes a run folder and a line writer
 * (console.log in the CLI, an array in tests) and returns the exit code, so commander only has to wire them in.
 */
import { analyzeRun } from './analyze-run.js';
import { checkRun } from './check-run.js';
import { formatAnalysis } from './format-analysis.js';
import { formatCheck } from './format-check.js';
import { writeSummary } from './write-summary.js';

export type LineWriter = (line: string) => void;

/** check: 0 the run is consistent, 1 it breaks a rule, 2 it cannot be read as a run. */
export const checkExitCodes = { valid: 0, violations: 1, unreadable: 2 } as const;
/** analyze: 0 done, 2 the run cannot be read (or summary.json cannot be written). */
export const analyzeExitCodes = { ok: 0, unreadable: 2 } as const;

export async function checkCommand(runDir: string, out: LineWriter): Promise<number> {
  const result = await checkRun(runDir);
  for (const line of formatCheck(result)) out(line);
  if (result.ok) return checkExitCodes.valid;
  return result.reason === 'violations' ? checkExitCodes.violations : checkExitCodes.unreadable;
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
    return analyzeExitCodes.unreadable;
  }
  out(options.json ? JSON.stringify(result.analysis, null, 2) : formatAnalysis(result.analysis, options.width ?? 80));
  if (options.summary === true) {
    const written = await writeSummary(runDir, result.analysis);
    if (!written.ok) {
      out(`unwritable: ${written.file}: ${written.detail}`);
      return analyzeExitCodes.unreadable;
    }
    // With --json, stdout is the JSON alone: the summary's path would corrupt it.
    if (!options.json) out(`summary: ${written.file}`);
  }
  return analyzeExitCodes.ok;
}
