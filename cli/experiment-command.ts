/**
 * `launcher experiment FILE`: every trial of every variant, each a normal run folder at
 * `<experiment>/<variant>/trial-<k>/`, then the summary (table on stdout, summary.md/.json/.html). Run again on the
 * same folder it only runs what is missing.
 */
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { clockRatesFor } from '../config/clock-rates.js';
import { maxSeed } from '../config/run-limits.js';
import { type ExperimentPlan, storedSeed, type Trial, trialsOf, writePlan } from '../experiment/experiment-plan.js';
import { ExperimentProgress, formatDuration } from '../experiment/experiment-progress.js';
import { type ExperimentOverrides, type LoadedExperiment, loadExperiment } from '../experiment/load-experiment.js';
import { prepareFolder } from '../experiment/prepare-folder.js';
import { exitCodeOf, runTrials } from '../experiment/run-trials.js';
import { summarizeExperiment } from '../experiment/summarize-experiment.js';
import { formatExperimentTable } from '../experiment/summary-table.js';
import { summaryFiles, writeExperimentSummary } from '../experiment/write-experiment-summary.js';
import { distinctHosts } from '../launcher/host-preflight.js';
import { newRunId } from '../launcher/resolve-run.js';
import { claimFolder } from '../run-folder/folder-writer.js';
import { ioFailureLine } from '../run-folder/io-failure.js';
import { exitCodes } from '../shared/exit-codes.js';
import { drawSeed } from '../shared/seeded-random.js';
import { listenForStop, type StopSignals } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { endPhaseStop } from './end-phase-stop.js';
import { experimentAgain } from './experiment-again.js';
import { experimentStopLines } from './experiment-stop-lines.js';
import { fidelityWarnings } from './fidelity-warnings.js';
import { checkHostsUnlessStopped } from './host-check.js';
import { terminalWidth } from './terminal-width.js';

/** Where the stop signals' lines go: the progress display while it is up. */
type Notes = { say: (line: string) => void };

export type ExperimentOptions = { out?: string; overrides: ExperimentOverrides; logsDir: string };

export async function experimentCommand(file: string, options: ExperimentOptions): Promise<number> {
  const startedAt = Date.now();
  const loaded = await loadExperiment(file, options.overrides);
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
  const claim = await claimFolder(dir, { mustBeEmpty: false });
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
    console.error(`experiment failed: ${line}; the trials already written are kept in ${dir}`);
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
  const mostTrials = Math.max(...experiment.variants.map((v) => v.trials));
  // A resumed folder keeps the base seed it was started with, unless the file or --seed names one.
  const seed = experiment.seed ?? (await storedSeed(dir)) ?? drawSeed() % (maxSeed - mostTrials + 1);
  const plan: ExperimentPlan = { ...experiment, seed };
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
  console.error(headline(plan, trials, prepared.toRun));

  const progress = new ExperimentProgress(process.stderr, trials.length, prepared.toRun, plan.parallel);
  progress.begin();
  notes.say = (line) => progress.note(line);
  const outcomes = await runTrials(prepared.toRun, plan.parallel, progress, stop).finally(() => progress.end());
  // A link planted since the check: refused as the check refuses it, in its line (said when met) and exit code. The
  // trials run are kept; the summary waits for a run without the link.
  if (outcomes.some((o) => o.status === 'planted')) return exitCodeOf(outcomes);

  const whole = outcomes.every((o) => o.status === 'ok');
  const summary = await summarizeExperiment(plan, trials, dir, endPhaseStop(stop, whole));
  if (summary === 'interrupted') {
    console.error(
      `experiment interrupted during its summary: ${summaryFiles.markdown}, ${summaryFiles.html} and ${summaryFiles.json} not written; the trials are kept in ${dir} (${again} writes them, running only what is missing)`,
    );
    return exitCodes.interrupted;
  }
  const written = await writeExperimentSummary(dir, summary);
  console.log(formatExperimentTable(summary, terminalWidth()));
  const notOk = summary.trials.filter((t) => t.status !== 'ok');
  for (const t of notOk)
    console.error(`${t.variant} trial ${t.k}: ${t.status}${t.detail === null ? '' : ` (${t.detail})`}`);
  switch (written.kind) {
    case 'written':
      console.log(`experiment folder: ${dir} (${summaryFiles.markdown}, ${summaryFiles.html}, ${summaryFiles.json})`);
      break;
    case 'io-failure':
      // The same command again runs no complete trial anew: it only writes the summary.
      console.error(
        `experiment summary not written: ${written.line}; the trials are kept in ${dir}, and the same command writes it`,
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
  return code === exitCodes.ok && notOk.length > 0 ? exitCodes.failed : code;
}

function headline(plan: ExperimentPlan, trials: readonly Trial[], toRun: readonly Trial[]): string {
  const realMs =
    toRun.reduce((sum, t) => sum + t.realDurationMs, 0) / Math.max(1, Math.min(plan.parallel, toRun.length));
  const done = trials.length - toRun.length;
  const speed = plan.speed === null ? '' : ` at speed ${plan.speed}`;
  return (
    `clocklab experiment ${plan.name}: ${plan.variants.length} variants, ${trials.length} trials${speed}, base seed ${plan.seed}` +
    (done > 0 ? `; ${done} complete already, ${toRun.length} to run` : '') +
    (toRun.length === 0
      ? ''
      : toRun.every((t) => t.config.engine === 'sim')
        ? '; sim engine (virtual time)'
        : `; at least ${formatDuration(realMs)} of running (${plan.parallel} at a time)`)
  );
}

/** The fidelity warnings for the worst moment: the `parallel` trials with the most ticks per second running at once. */
function concurrentFidelityWarnings(trials: readonly Trial[], parallel: number): string[] {
  const realRates = trials.map((t) => clockRatesFor(t.config, t.seed).map((rate) => rate * t.config.speed));
  const busiest = realRates
    .sort((a, b) => b.reduce((s, r) => s + r, 0) - a.reduce((s, r) => s + r, 0))
    .slice(0, parallel)
    .flat();
  return busiest.length === 0 ? [] : fidelityWarnings(busiest, availableParallelism());
}
