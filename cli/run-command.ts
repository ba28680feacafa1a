/** `launcher run CONFIG`: validate, create the run folder, run, print the summary and where the run is. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { clockRatesFor } from '../config/clock-rates.js';
import { type ConfigOverrides, loadRunConfig, type OverrideFlags } from '../config/load-config.js';
import type { RunConfig } from '../config/run-config.js';
import { executeRun } from '../launcher/execute-run.js';
import { newRunId } from '../launcher/resolve-run.js';
import { createRunFolder } from '../run-folder/folder-writer.js';
import { exitCodes } from '../shared/exit-codes.js';
import { printable } from '../shared/printable-text.js';
import { drawSeed } from '../shared/seeded-random.js';
import { listenForStop, type StopSignals, simStopLines } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { executeSim } from '../sim/execute-sim.js';
import { simFit } from '../sim/sim-refusals.js';
import { claimBeforeStart } from './claim-before-start.js';
import { endPhaseStop } from './end-phase-stop.js';
import { fidelityWarnings } from './fidelity-warnings.js';
import { checkHostsUnlessStopped } from './host-check.js';
import { LiveTerminal } from './progress-display.js';
import { endRun } from './run-ending.js';
import { suspendGuard } from './terminal-suspend.js';

export type RunOptions = {
  out?: string;
  overrides: ConfigOverrides;
  /** The flag that gave each override, to name it when the config refuses its value. */
  overrideFlags: OverrideFlags;
  verbose: boolean;
  logsDir: string;
};

export async function runCommand(configFile: string, options: RunOptions): Promise<number> {
  const loaded = await loadRunConfig(configFile, options.overrides, options.overrideFlags, (line) =>
    console.error(line),
  );
  if (!loaded.ok) {
    for (const line of loaded.problems) console.error(line);
    return exitCodes.usage;
  }
  // The seed is fixed here so the warnings below see the same clock rates the run will draw.
  const config = { ...loaded.config, seed: loaded.config.seed ?? drawSeed() };
  const sim = config.engine === 'sim';
  if (sim) {
    const fit = simFit(config, configFile);
    const verbose = options.verbose
      ? ['note: --verbose is ignored by the sim engine: its CSVs hold every step, the same on every rerun']
      : [];
    for (const line of [...fit.refusals, ...fit.notes, ...verbose]) console.error(line);
    if (fit.refusals.length > 0) return exitCodes.usage;
  }
  const realRates = clockRatesFor(config, config.seed).map((rate) => rate * config.speed);
  // Virtual time keeps up at any speed: the fidelity warnings are about processes.
  if (!sim) for (const line of fidelityWarnings(realRates, availableParallelism())) console.error(line);
  // Every host ready before anything starts: one line per problem, exit 2.
  const notReady = await checkHostsUnlessStopped(config.hosts ?? [], (line) => console.error(line));
  if (notReady !== undefined) return notReady;
  const runId = newRunId();
  const dir = options.out ?? join(options.logsDir, runId);
  const folder = await claimBeforeStart(dir, () => createRunFolder(dir));
  if (!folder.ok) {
    console.error(`run folder: ${printable(folder.detail)}`);
    return exitCodes.usage;
  }
  if (folder.stale !== undefined) console.error(printable(folder.stale));
  const speed = config.speed === 1 ? '' : ` at speed ${config.speed} (${config.durationSeconds / config.speed} s real)`;
  // Ours until the folder is released: a signal while the run ends or its report is written must not end the
  // process with the folder still claimed and the run half reported.
  const terminal = new LiveTerminal(process.stderr);
  const say = (line: string) => terminal.write(`${line}\n`);
  const stop = listenForStop(process, epochTimer, say, sim ? simStopLines : undefined);
  // Said once the stop signals are ours: a Ctrl-C that follows this line stops the run, never kills the launcher.
  console.error(
    `clocklab run ${runId}: ${config.machines} VMs, events 1..${config.eventRange}, ${config.durationSeconds} s${speed}${sim ? ', sim engine (virtual time)' : ''}`,
  );
  try {
    const ran = sim
      ? await executeSim(config, { dir, runId, progressTo: process.stderr, interrupt: stop.interrupt })
      : await executeProcesses(config, { dir, runId, verbose: options.verbose }, stop, terminal);
    switch (ran.kind) {
      case 'ended':
        return await endRun(ran, dir, options.out === undefined, endPhaseStop(stop, ran.manifest.status === 'ok'));
      case 'io-failure':
        // A full disk, a vanished folder, a name planted after the claim: the run failed; what was written stays.
        console.error(`run failed: ${ran.line}; the files already written are kept in ${printable(dir)}`);
        return exitCodes.failed;
      default: {
        const never: never = ran;
        throw new Error(`unknown run result ${JSON.stringify(never)}`);
      }
    }
  } finally {
    await folder.release();
    stop.dispose();
  }
}

/** The default engine: one OS process per VM, with the terminal's live view and the CLI's stop signals. */
async function executeProcesses(
  config: RunConfig,
  run: { dir: string; runId: string; verbose: boolean },
  stop: StopSignals,
  terminal: LiveTerminal,
) {
  return executeRun(config, {
    ...run,
    progressTo: terminal,
    watch: (view) => terminal.watch(view),
    interrupt: stop.interrupt,
    answerInterrupt: stop.answer,
    kill: stop.kill,
    // Every VM has ended: a signal from here on stops nothing, so it cuts the end's wait on a lost host (and, as
    // after the run, skips the report): never `killing every VM now` with none left to kill.
    onVmsEnded: () => stop.runEnded(),
    onSuspend: suspendGuard(process).hold,
  });
}
