/**
 * One trial's run in its claimed folder, by its engine: executeRun (the same path as `launcher run`) or the sim,
 * each answering the CLI's stop signals.
 */
import { type ExecuteOptions, executeRun, type RunResult } from '../launcher/execute-run.js';
import type { StopSignals } from '../shared/stop-signals.js';
import { executeSim } from '../sim/execute-sim.js';
import type { Trial } from './experiment-plan.js';

/**
 * The CLI's stop signals, where each running trial answers the first one (shared/stop-signals.ts), and how a trial
 * with VMs on other hosts has them told to hold at a Ctrl-Z (cli/terminal-suspend.ts).
 */
export type TrialStop = Pick<StopSignals, 'interrupt' | 'kill' | 'answer'> & Pick<ExecuteOptions, 'onSuspend'>;

/**
 * Aborted by an abort of `signal` that comes after this call, not by one before it: a trial whose VMs have all ended
 * takes the first Ctrl-C from then on as the cut of its end's wait on a lost host (execute-run.ts onVmsEnded), as
 * `run` does; one that already stopped the trial's VMs does not cut that wait (a second Ctrl-C, `kill`, does). Per
 * trial: parallel trials end apart, so the CLI's one signal state cannot say it.
 */
export function laterAbort(signal: AbortSignal): AbortSignal {
  const later = new AbortController();
  if (!signal.aborted) signal.addEventListener('abort', () => later.abort(), { once: true });
  return later.signal;
}

/** The trial run in its claimed folder, by its engine. */
export async function runInFolder(trial: Trial, stop: TrialStop): Promise<RunResult> {
  if (trial.config.engine !== 'sim') {
    return executeRun(trial.config, {
      dir: trial.dir,
      runId: trial.runId,
      verbose: false,
      progressTo: undefined,
      interrupt: stop.interrupt,
      answerInterrupt: stop.answer,
      kill: stop.kill,
      onVmsEnded: () => laterAbort(stop.interrupt),
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
