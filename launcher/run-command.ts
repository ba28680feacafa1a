/**
 * `launcher run CONFIG`: validate the config, create the run folder, run the VMs, write the manifest, print the
 * summary. Whatever happens after the folder exists, the CSVs written so far stay and the manifest says how it ended.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigOverrides, loadRunConfig } from '../config/load-config.js';
import { csvFileName } from '../shared/csv-columns.js';
import { exitCodes } from '../shared/exit-codes.js';
import type { Manifest, ManifestVm, RunStatus } from '../shared/manifest.js';
import type { VmStats } from '../shared/vm-spec.js';
import { ProgressDisplay } from './progress-display.js';
import { newRunId, resolveRun } from './resolve-run.js';
import { clocklabVersion, createRunFolder, pointLatest, writeManifest } from './run-folder.js';
import { RunSupervisor, type SupervisorOutcome } from './run-supervisor.js';
import { formatSummaryTable } from './summary-table.js';
import type { VmExit } from './vm-fleet.js';

export type RunOptions = { out?: string; overrides: ConfigOverrides; verbose: boolean; logsDir: string };

export async function runCommand(configFile: string, options: RunOptions): Promise<number> {
  const loaded = await loadRunConfig(configFile, options.overrides);
  if (!loaded.ok) {
    for (const line of loaded.problems) console.error(line);
    return exitCodes.usage;
  }
  const runId = newRunId();
  const dir = options.out ?? join(options.logsDir, runId);
  const folder = await createRunFolder(dir);
  if (!folder.ok) {
    console.error(`run folder: ${folder.detail}`);
    return exitCodes.usage;
  }
  const run = resolveRun(loaded.config, dir, runId, options.verbose);
  const startedAt = new Date().toISOString();
  console.error(
    `clocklab run ${runId}: ${run.config.machines} VMs at ${run.clockRates.join(', ')} ticks/s, ` +
      `events 1..${run.config.eventRange}, ${run.config.durationSeconds} s, seed ${run.seed}`,
  );

  const progress = new ProgressDisplay(process.stderr, run.clockRates);
  const supervisor = new RunSupervisor(run.specs, run.config.durationSeconds * 1000, {
    onProgress: (p) => progress.update(p.id, p),
    onStarted: (start, stop) => progress.start(start, stop),
    onOutput: (id, line) => console.error(`vm${id}: ${line}`),
  });
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals === 1) {
      console.error('stopping every VM (press Ctrl-C again to kill them at once)');
      supervisor.interrupt();
    } else supervisor.forceStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcome = await supervisor.run();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  progress.stop();

  const vms = await Promise.all(
    run.specs.map((spec) =>
      manifestVm(dir, spec.id, spec.clockRate, outcome.stats[spec.id], supervisor.exits.get(spec.id)),
    ),
  );
  const status = statusOf(outcome);
  const manifest: Manifest = {
    runId,
    status,
    ...(outcome.ok ? {} : { reason: outcome.detail }),
    seed: run.seed,
    config: run.config,
    clockRates: run.clockRates,
    startedAt,
    endedAt: new Date().toISOString(),
    ...(outcome.startEpochMs === undefined ? {} : { startEpochMs: outcome.startEpochMs }),
    version: await clocklabVersion(),
    vms,
  };
  await writeManifest(dir, manifest);
  if (options.out === undefined) await pointLatest(dir);

  console.log(formatSummaryTable(vms));
  if (!outcome.ok) console.error(`run ${status}: ${outcome.detail}`);
  console.log(`run folder: ${dir}`);
  return exitCodeOf(outcome);
}

function statusOf(outcome: SupervisorOutcome): RunStatus {
  if (outcome.ok) return 'ok';
  return outcome.reason === 'interrupted' ? 'interrupted' : 'failed';
}

function exitCodeOf(outcome: SupervisorOutcome): number {
  if (outcome.ok) return exitCodes.ok;
  switch (outcome.reason) {
    case 'interrupted':
      return exitCodes.interrupted;
    case 'port-in-use':
      return exitCodes.usage;
    case 'vm-exited':
    case 'vm-failed':
    case 'start-timeout':
      return exitCodes.failed;
    default: {
      const never: never = outcome.reason;
      throw new Error(`unknown failure ${String(never)}`);
    }
  }
}

/** A VM that died has no stats of its own: its entry is rebuilt from the rows its CSV kept. */
async function manifestVm(
  dir: string,
  id: number,
  clockRate: number,
  stats: VmStats | undefined,
  exit: VmExit | undefined,
): Promise<ManifestVm> {
  const how =
    exit === undefined ? 'unknown' : exit.signal !== undefined ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const pid = exit?.pid ?? null;
  if (stats !== undefined) return { ...stats, exit: 'done', pid };
  const rows = await readFile(join(dir, csvFileName(id)), 'utf8').then(
    (text) => Math.max(0, text.split('\n').filter((line) => line !== '').length - 1),
    () => 0,
  );
  return {
    id,
    clockRate,
    port: 0,
    ticks: rows,
    sent: 0,
    received: 0,
    finalClock: 0,
    maxJump: 0,
    maxQueue: 0,
    pendingAtStop: [],
    dropped: [],
    lostPeers: [],
    refused: 0,
    stoppedEarly: true,
    exit: how,
    pid,
  };
}
