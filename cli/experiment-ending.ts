/**
 * How an experiment ends once its trials have run: the summary written (summary.md/.html/.json) and its table shown,
 * the trials not ok named, and the exit code. A signal during the summary leaves it unwritten, the trials kept.
 */

import type { ExperimentPlan, Trial } from '../experiment/experiment-plan.js';
import { formatDuration } from '../experiment/experiment-progress.js';
import { summarizeExperiment } from '../experiment/summarize-experiment.js';
import { formatExperimentTable } from '../experiment/summary-table.js';
import { exitCodeOf, type TrialOutcome } from '../experiment/trial-outcome.js';
import { summaryFiles, writeExperimentSummary } from '../experiment/write-experiment-summary.js';
import { exitCodes } from '../shared/exit-codes.js';
import { printable } from '../shared/printable-text.js';
import type { StopSignals } from '../shared/stop-signals.js';
import { endPhaseStop } from './end-phase-stop.js';
import { terminalWidth } from './terminal-width.js';

export type ExperimentEnd = {
  plan: ExperimentPlan;
  trials: readonly Trial[];
  dir: string;
  startedAt: number;
  stop: StopSignals;
  /** The command that runs what is missing. */
  again: string;
};

export async function endExperiment(outcomes: readonly TrialOutcome[], end: ExperimentEnd): Promise<number> {
  const { plan, trials, dir, startedAt, stop, again } = end;
  const whole = outcomes.every((o) => o.status === 'ok');
  const summary = await summarizeExperiment(plan, trials, dir, endPhaseStop(stop, whole));
  if (summary === 'interrupted') {
    console.error(
      `experiment interrupted during its summary: ${summaryFiles.markdown}, ${summaryFiles.html} and ${summaryFiles.json} not written; the trials are kept in ${printable(dir)} (${again} writes them, running only what is missing)`,
    );
    return exitCodes.interrupted;
  }
  const written = await writeExperimentSummary(dir, summary);
  console.log(formatExperimentTable(summary, terminalWidth()));
  // Trials not ok, and ok ones whose CSVs did not read whole (hand-edited or cut since the run).
  const notOk = summary.trials.filter((t) => t.status !== 'ok');
  for (const t of summary.trials.filter((t) => t.status !== 'ok' || t.detail !== null))
    console.error(`${t.variant} trial ${t.k}: ${t.status}${t.detail === null ? '' : ` (${t.detail})`}`);
  // Its figures are in the summary: said as `analyze` of the trial says it, and the exit code is analyze's too.
  const failing = summary.trials.filter((t) => t.failsCheck !== null);
  for (const t of failing) console.error(`${t.variant} trial ${t.k}: ${t.failsCheck}`);
  switch (written.kind) {
    case 'written':
      console.log(
        `experiment folder: ${printable(dir)} (${summaryFiles.markdown}, ${summaryFiles.html}, ${summaryFiles.json})`,
      );
      break;
    case 'io-failure':
      // The same command again runs no complete trial anew: it only writes the summary.
      console.error(
        `experiment summary not written: ${written.line}; the trials are kept in ${printable(dir)}, and the same command writes it`,
      );
      break;
    default: {
      const never: never = written;
      throw new Error(`unknown summary result ${JSON.stringify(never)}`);
    }
  }
  console.error(`done in ${formatDuration(Date.now() - startedAt)}`);
  if (notOk.length > 0) {
    console.error(`to run what is missing: ${again}`);
  }
  const code = exitCodeOf(outcomes);
  if (code === exitCodes.interrupted) return code;
  if (written.kind === 'io-failure') return exitCodes.usage;
  if (code !== exitCodes.ok) return code;
  if (notOk.length > 0) return exitCodes.failed;
  return failing.length > 0 ? exitCodes.failsCheck : code;
}
