/**
 * `launcher experiment FILE`: every trial of every variant, each a normal run folder at
 * `<experiment>/<variant>/trial-<k>/`, then the summary (table on stdout, summary.md/.json/.html). Run again on the
 * same folder it only runs what is missing.
 */

import { basename, join } from 'node:path';
import { trialsOf, writePlan } from '../experiment/experiment-plan.js';
import { ExperimentProgress } from '../experiment/experiment-progress.js';
import { type ExperimentOverrides, type LoadedExperiment, loadExperiment } from '../experiment/load-experiment.js';
import { prepareFolder } from '../experiment/prepare-folder.js';
import { runTrials } from '../experiment/run-trials.js';
import { settlePlan } from '../experiment/settle-plan.js';
import { exitCodeOf } from '../experiment/trial-outcome.js';
import { distinctHosts } from '../launcher/host-preflight.js';
import { newRunId } from '../launcher/resolve-run.js';
import { claimFolder } from '../run-folder/folder-writer.js';
import { ioFailureLine } from '../run-folder/io-failure.js';
import { exitCodes } from '../shared/exit-codes.js';
import { printable } from '../shared/printable-text.js';
import { listenForStop, type StopSignals } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { claimBeforeStart } from './claim-before-start.js';
import { concurrentFidelityWarnings } from './concurrent-fidelity-warnings.js';
import { experimentAgain } from './experiment-again.js';
import { endExperiment } from './experiment-ending.js';
import { experimentHeadline } from './experiment-headline.js';
import { experimentStopLines } from './experiment-stop-lines.js';
import { checkHostsUnlessStopped } from './host-check.js';
import { suspendGuard } from './terminal-suspend.js';

/** Where the stop signals' lines go: the progress display while it is up. */
type Notes = { say: (line: string) => void };

export type ExperimentOptions = { out?: string; overrides: ExperimentOverrides; logsDir: string };

export async function experimentCommand(file: string, options: ExperimentOptions): Promise<number> {
  const startedAt = Date.now();
  const loaded = await loadExperiment(file, options.overrides, (line) => console.error(line));
  if (!loaded.ok) {
    for (const line of loaded.problems) console.error(line);
    return exitCodes.usage;
  }
  // Variants on several hosts: every host ready before any trial runs, as `launcher run` asks.
  const hosts = distinctHosts(loaded.experiment.variants.map((v) => v.config));
  const notReady = await checkHostsUnlessStopped(hosts, (line) => console.error(line));
  if (notReady !== undefined) return notReady;
  const dir = options.out ?? join(options.logsDir, `${loaded.experiment.name}-${newRunId()}`);
  // Claimed before anything in it is read or moved: a second experiment on this folder would move our running
  // trials aside as incomplete.
  const claim = await claimBeforeStart(dir, () => claimFolder(dir, { mustBeEmpty: false }));
  if (!claim.ok) {
    console.error(`experiment folder: ${claim.detail}`);
    return exitCodes.usage;
  }
  if (claim.stale !== undefined) console.error(claim.stale);
  // Ours until the folder is released: a signal while the summary is written must not end the process with the
  // folder still claimed. The progress display, while there, says the lines.
  const notes: Notes = { say: (line) => console.error(line) };
  const stop = listenForStop(process, epochTimer, (line) => notes.say(line), experimentStopLines);
  const again = experimentAgain(file, dir, options.overrides);
  try {
    return await runExperiment(dir, loaded.experiment, startedAt, { stop, notes, again });
  } catch (error) {
    const line = ioFailureLine(error);
    if (line === undefined) throw error;
    console.error(`experiment failed: ${line}; the trials already written are kept in ${printable(dir)}`);
    return exitCodes.failed;
  } finally {
    await claim.release();
    stop.dispose();
  }
}

async function runExperiment(
  dir: string,
  experiment: LoadedExperiment,
  startedAt: number,
  { stop, notes, again }: { stop: StopSignals; notes: Notes; again: string },
): Promise<number> {
  // Before anything in the folder is written or moved: another experiment's plan and summaries are never overwritten.
  const settled = await settlePlan(dir, experiment);
  if (!settled.ok) {
    console.error(settled.problem);
    return exitCodes.usage;
  }
  const plan = settled.plan;
  const trials = trialsOf(plan, dir, basename(dir));

  const prepared = await prepareFolder(dir, trials);
  if (!prepared.ok) {
    for (const line of prepared.problems) console.error(line);
    return exitCodes.usage;
  }
  const planned = await writePlan(dir, plan);
  for (const line of prepared.movedAside) console.error(line);
  if (planned.kind === 'io-failure') {
    console.error(`experiment folder: ${planned.line}; no trial was run`);
    return exitCodes.usage;
  }
  // Sim trials run in virtual time: the fidelity warnings concern trials of OS processes only.
  const processTrials = prepared.toRun.filter((t) => t.config.engine !== 'sim');
  for (const line of concurrentFidelityWarnings(processTrials, plan.parallel)) console.error(line);
  console.error(experimentHeadline(plan, trials, prepared.toRun));

  const progress = new ExperimentProgress(process.stderr, trials.length, prepared.toRun, plan.parallel);
  progress.begin();
  notes.say = (line) => progress.note(line);
  const trialStop = { ...stop, onSuspend: suspendGuard(process).hold };
  const outcomes = await runTrials(prepared.toRun, plan.parallel, progress, trialStop).finally(() => progress.end());
  // A link planted since the check: refused as the check refuses it, in its line (said when met) and exit code. The
  // trials run are kept; the summary waits for a run without the link.
  if (outcomes.some((o) => o.status === 'planted')) return exitCodeOf(outcomes);

  return endExperiment(outcomes, { plan, trials, dir, startedAt, stop, again });
}
