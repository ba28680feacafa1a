/**
 * Runs the trials still missing, `parallel` at a time, each into its own fresh run folder through executeRun (the
 * same path as `launcher run`). A failed trial does not stop the others; an aborted `interrupt` (the CLI's Ctrl-C)
 * stops starting new ones and stops the running ones in order (their folders are rerun on resume; one whose ticks
 * were complete already finishes ok); an aborted
 * `kill` kills the running ones at once. A link planted where a trial's folder goes stops starting new ones too, as
 * the check before the trials would have refused the experiment (trial-run-folder.ts); the running ones finish.
 */

import { rmdir } from 'node:fs/promises';
import { type ExecuteOptions, executeRun, type RunEnded, type RunResult } from '../launcher/execute-run.js';
import { exitCodes } from '../shared/exit-codes.js';
import type { StopSignals } from '../shared/stop-signals.js';
import { executeSim } from '../sim/execute-sim.js';
import type { Trial } from './experiment-plan.js';
import type { ExperimentProgress } from './experiment-progress.js';
import { keptRowsLines, withKeptRows } from './kept-rows.js';
import { claimTrialFolder, type TrialFolder } from './trial-run-folder.js';

export type TrialOutcome =
  | { trial: Trial; status: 'ok' }
  | { trial: Trial; status: 'failed' | 'interrupted'; detail: string }
  /** Its run folder could not be created. */
  | { trial: Trial; status: 'no-folder'; detail: string }
  /** A link (or a file) planted where its folder goes (`detail`: the line refusing it), or not started after one. */
  | { trial: Trial; status: 'planted'; detail: string };

/**
 * The CLI's stop signals, where each running trial answers the first one (shared/stop-signals.ts), and how a trial
 * with VMs on other hosts has them told to hold at a Ctrl-Z (cli/terminal-suspend.ts).
 */
export type TrialStop = Pick<StopSignals, 'interrupt' | 'kill' | 'answer'> & Pick<ExecuteOptions, 'onSuspend'>;

/** What a trial's turn does: claim its folder, then run it there (fakes in tests). */
export type TrialPorts = {
  claim(trial: Trial): Promise<TrialFolder>;
  /** `say`: the lines of the run the experiment passes on (where rows of a lost host stay: keptRowsLines). */
  run(trial: Trial, stop: TrialStop, say: (line: string) => void): Promise<RunResult>;
};

const trialPorts: TrialPorts = { claim: claimTrialFolder, run: runInFolder };

export async function runTrials(
  trials: readonly Trial[],
  parallel: number,
  progress: ExperimentProgress,
  stop: TrialStop,
  ports: TrialPorts = trialPorts,
): Promise<TrialOutcome[]> {
  const queue = [...trials];
  const outcomes: TrialOutcome[] = [];
  /** Why no new trial starts, once one must not. */
  let stopping: 'interrupted' | 'planted' | undefined;
  // executeRun stops the running trials itself (and answers how); this stops the queue. The CLI says the line.
  const onInterrupt = () => {
    stopping ??= 'interrupted';
  };
  if (stop.interrupt.aborted) onInterrupt();
  stop.interrupt.addEventListener('abort', onInterrupt, { once: true });

  const worker = async () => {
    for (let trial = queue.shift(); trial !== undefined; trial = queue.shift()) {
      if (stopping !== undefined) {
        outcomes.push({ trial, status: stopping, detail: 'not started' });
        continue;
      }
      const outcome = await runTrial(trial, progress, stop, ports);
      if (outcome.status === 'interrupted' || outcome.status === 'planted') stopping ??= outcome.status;
      outcomes.push(outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, trials.length)) }, worker));
  } finally {
    stop.interrupt.removeEventListener('abort', onInterrupt);
  }
  return outcomes;
}

async function runTrial(
  trial: Trial,
  progress: ExperimentProgress,
  stop: TrialStop,
  ports: TrialPorts,
): Promise<TrialOutcome> {
  const folder = await ports.claim(trial);
  switch (folder.kind) {
    case 'claimed':
      break;
    case 'planted':
      // The one line of the check before the trials; the command ends with its exit code.
      progress.note(folder.line);
      return { trial, status: 'planted', detail: folder.line };
    case 'no-folder':
      progress.note(`${trial.variant} trial ${trial.k}: not run: ${folder.detail}`);
      return { trial, status: 'no-folder', detail: folder.detail };
    default: {
      const never: never = folder;
      throw new Error(`unknown trial folder ${JSON.stringify(never)}`);
    }
  }
  if (stop.interrupt.aborted) {
    // Ctrl-C came while the folder was claimed: no new trial starts (it used to start, and stop at once, interrupted,
    // to be moved aside on resume). Its folder, still empty, goes too.
    await folder.release();
    await rmdir(trial.dir).catch(() => {});
    return { trial, status: 'interrupted', detail: 'not started' };
  }
  progress.trialStarted(trial);
  let result: RunResult;
  const kept: string[] = [];
  try {
    result = await ports.run(trial, stop, (line) => {
      kept.push(line);
      progress.note(`${trial.variant} trial ${trial.k}: ${line}`);
    });
  } finally {
    await folder.release();
  }
  switch (result.kind) {
    case 'ended':
      return withKeptRows(trialOutcome(trial, result, progress), kept);
    case 'io-failure':
      // A full disk or a vanished folder fails this trial (rerun on resume); the others go on.
      progress.trialEnded(trial, `FAILED (${result.line})`);
      return withKeptRows({ trial, status: 'failed', detail: result.line }, kept);
    default: {
      const never: never = result;
      throw new Error(`unknown run result ${JSON.stringify(never)}`);
    }
  }
}

/** The trial run in its claimed folder, by its engine. */
async function runInFolder(trial: Trial, stop: TrialStop, say: (line: string) => void): Promise<RunResult> {
  if (trial.config.engine !== 'sim') {
    return executeRun(trial.config, {
      dir: trial.dir,
      runId: trial.runId,
      verbose: false,
      progressTo: keptRowsLines(say),
      interrupt: stop.interrupt,
      answerInterrupt: stop.answer,
      kill: stop.kill,
      ...(stop.onSuspend === undefined ? {} : { onSuspend: stop.onSuspend }),
    });
  }
  // A simulation stops at the virtual instant it reached: it answers so while the signal is handled.
  const simStops = () => stop.answer('stopping');
  stop.interrupt.addEventListener('abort', simStops, { once: true });
  try {
    return await executeSim(trial.config, { dir: trial.dir, runId: trial.runId, interrupt: stop.interrupt });
  } finally {
    stop.interrupt.removeEventListener('abort', simStops);
  }
}

/** The trial's outcome from how its run ended. */
function trialOutcome(trial: Trial, result: RunEnded, progress: ExperimentProgress): TrialOutcome {
  const failure = result.failure ?? `exit code ${result.exitCode}`;
  switch (result.manifest.status) {
    case 'ok':
      progress.trialEnded(trial, 'ok');
      return { trial, status: 'ok' };
    case 'failed':
      progress.trialEnded(trial, `FAILED (${failure})`);
      return { trial, status: 'failed', detail: failure };
    case 'interrupted':
      progress.trialEnded(trial, 'interrupted');
      return { trial, status: 'interrupted', detail: failure };
    default: {
      const never: never = result.manifest.status;
      throw new Error(`unknown run status ${String(never)}`);
    }
  }
}

/** The experiment's exit code: a planted link (as before the trials) beats interrupted beats failed beats ok. */
export function exitCodeOf(outcomes: readonly TrialOutcome[]): number {
  if (outcomes.some((o) => o.status === 'planted')) return exitCodes.usage;
  if (outcomes.some((o) => o.status === 'interrupted')) return exitCodes.interrupted;
  return outcomes.every((o) => o.status === 'ok') ? exitCodes.ok : exitCodes.failed;
}
