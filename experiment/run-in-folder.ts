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
