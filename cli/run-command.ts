/** `launcher run CONFIG`: validate, create the run folder, run, print the summary and where the run is. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { clockRatesFor } from '../config/clock-rates.js';
import { type ConfigOverrides, loadRunConfig } from '../config/load-config.js';
import { executeRun } from '../launcher/execute-run.js';
import { newRunId } from '../launcher/resolve-run.js';
import { createRunFolder, pointLatest } from '../run-folder/folder-writer.js';
import { exitCodes } from '../shared/exit-codes.js';
import { drawSeed } from '../shared/seeded-random.js';
import { listenForStop } from '../shared/stop-signals.js';
import { epochTimer } from '../shared/timer-port.js';
import { afterRun } from './after-run.js';
import { fidelityWarnings } from './fidelity-warnings.js';
import { ProgressDisplay } from './progress-display.js';
import { formatSummaryTable } from './summary-table.js';
import { terminalWidth } from './terminal-width.js';

export type RunOptions = { out?: string; overrides: ConfigOverrides; verbose: boolean; logsDir: string };

export async function runCommand(configFile: string, options: RunOptions): Promise<number> {
  const loaded = await loadRunConfig(configFile, options.overrides);
  if (!loaded.ok) {
    for (const line of loaded.problems) console.error(line);
    return exitCodes.usage;
  }
  // The seed is fixed here so the warnings below see the same clock rates the run will draw.
  const config = { ...loaded.config, seed: loaded.config.seed ?? drawSeed() };
  const realRates = clockRatesFor(config, config.seed).map((rate) => rate * config.speed);
  for (const line of fidelityWarnings(realRates, availableParallelism())) console.error(line);
  const runId = newRunId();
  const dir = options.out ?? join(options.logsDir, runId);
  const folder = await createRunFolder(dir);
  if (!folder.ok) {
    console.error(`run folder: ${folder.detail}`);
    return exitCodes.usage;
  }
  const speed = config.speed === 1 ? '' : ` at speed ${config.speed} (${config.durationSeconds / config.speed} s real)`;
  console.error(
    `clocklab run ${runId}: ${config.machines} VMs, events 1..${config.eventRange}, ${config.durationSeconds} s${speed}`,
  );
  const stop = listenForStop(process, epochTimer, (line) => process.stderr.write(`${line}\n`));
  const { exitCode, manifest, failure } = await executeRun(config, {
    dir,
    runId,
    verbose: options.verbose,
    progressTo: process.stderr,
    watch: (rates) => new ProgressDisplay(process.stderr, rates),
    interrupt: stop.interrupt,
    kill: stop.kill,
  }).finally(() => stop.dispose());
  if (options.out === undefined) await pointLatest(dir);

  console.log(`seed ${manifest.seed}; clock rates ${manifest.clockRates.join(', ')} ticks/s`);
  console.log(formatSummaryTable(manifest.vms, terminalWidth()));
  if (failure !== undefined) console.error(`run ${manifest.status}: ${failure}`);
  const after = await afterRun(dir);
  await folder.release();
  for (const line of after.lines) console.log(line);
  console.log(`run folder: ${dir}`);
  // A run that finished but broke a rule misbehaved: that is a failed run, whatever the processes said.
  return exitCode === exitCodes.ok && !after.valid ? exitCodes.failed : exitCode;
}
