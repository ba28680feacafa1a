/**
 * Runs the trials still missing, `parallel` at a time, each into its own fresh run folder through executeRun (the
 * same path as `launcher run`). A failed trial does not stop the others; an aborted `interrupt` (the CLI's Ctrl-C)
 * stops starting new ones and stops the running ones in order (their folders are rerun on resume; one whose ticks
 * were complete already finishes ok); an aborted
 * `kill` kills the running ones at once. A link planted where a trial's folder goes stops starting new ones too, as
 * the check before the trials would have refused the experiment (trial-run-folder.ts); the running ones finish.
 */

import { rmdir } from 'node:fs/promises';
import type { RunResult } from '../launcher/execute-run.js';
import type { Trial } from './experiment-plan.js';
import type { ExperimentProgress } from './experiment-progress.js';
import { keptRowsLines, keptRowsOfFailedRun, withKeptRows } from './kept-rows.js';
import { runInFolder, type TrialStop } from './run-in-folder.js';
import { type TrialOutcome, trialOutcome } from './trial-outcome.js';
import { claimTrialFolder, type TrialFolder } from './trial-run-folder.js';

/** What a trial's turn does: claim its folder, then run it there (fakes in tests). */
export type TrialPorts = {
  claim(trial: Trial): Promise<TrialFolder>;
  run(trial: Trial, stop: TrialStop): Promise<RunResult>;
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
  try {
    result = await ports.run(trial, stop);
  } finally {
    await folder.release();
  }
  // Where rows of a VM stay on its host, as its manifest records them (a run folder that failed may still have one).
  const kept = result.kind === 'ended' ? keptRowsLines(result.manifest) : await keptRowsOfFailedRun(trial.dir);
  for (const line of kept) progress.note(`${trial.variant} trial ${trial.k}: ${line}`);
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
