/**
 * The `check` and `analyze` subcommands without the CLI around them: each takes a run folder and two line writers
 * (stdout and stderr in the CLI, arrays in tests) and returns the exit code, so commander only has to wire them in.
 * The result goes to `out`; a folder that cannot be read, a note that summary.json could not be saved, or the line
 * that the figures come from a folder check rejects (fails-check.ts), to `err`.
 */

import { exitCodes } from '../shared/exit-codes.js';
import type { Writers } from '../shared/line-writers.js';
import { printable } from '../shared/printable-text.js';
import { analyzeRun } from './analyze-run.js';
import { checkRun } from './check-run.js';
import { failsCheckLine, folderVerdict } from './fails-check.js';
import { formatAnalysis } from './format-analysis.js';
import { formatCheck } from './format-check.js';
import { writeSummary } from './write-summary.js';

export async function checkCommand(runDir: string, io: Writers): Promise<number> {
  const result = await checkRun(runDir);
  const unreadable = !result.ok && result.reason === 'unreadable';
  for (const line of formatCheck(result)) (unreadable ? io.err : io.out)(line);
  if (result.ok) return exitCodes.ok;
  switch (result.reason) {
    case 'no-rows':
      return exitCodes.ok; // nothing to check is no broken rule; the run's own exit said it failed
    case 'violations':
      return exitCodes.failed;
    case 'unreadable':
      return exitCodes.usage;
    default: {
      const never: never = result;
      throw new Error(`unknown check result ${JSON.stringify(never)}`);
    }
  }
}

export type AnalyzeCommandOptions = {
  /** Print the analysis as JSON (the RunAnalysis value) instead of tables. */
  json: boolean;
  /** Also write summary.json into the run folder. */
  summary?: boolean;
  /** Terminal columns the tables are fitted to (80 when not a terminal). */
  width?: number;
};

export async function analyzeCommand(runDir: string, options: AnalyzeCommandOptions, io: Writers): Promise<number> {
  const result = await analyzeRun(runDir);
  if (!result.ok) {
    io.err(`unreadable: ${printable(result.file)}: ${result.detail}`);
    return exitCodes.usage;
  }
  // Said before the figures, on stderr (--json's stdout is the JSON alone), and in the exit code.
  const fails = await folderVerdict(result.analysis);
  if (fails !== null) io.err(failsCheckLine('figures', fails));
  const done = fails === null ? exitCodes.ok : exitCodes.failsCheck;
  io.out(
    options.json ? JSON.stringify(result.analysis, null, 2) : formatAnalysis(result.analysis, options.width ?? 80),
  );
  if (options.summary === true) {
    const written = await writeSummary(runDir, result);
    // The figures are out whole: summary.json only spares later readers the rows, so a folder that cannot take it
    // (read-only, an archive) is said in a note, and the command still succeeded.
    if (!written.ok) {
      io.err(
        `note: ${printable(written.file)} not saved: ${written.detail}; the figures are whole (--no-summary skips saving it)`,
      );
      return done;
    }
    // With --json, stdout is the JSON alone: the summary's path would corrupt it.
    if (!options.json) io.out(`summary: ${printable(written.file)}`);
  }
  return done;
}
