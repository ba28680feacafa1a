/**
 * One run from a validated config into an existing empty folder: supervise the VMs, then write the manifest.
 * Used by `launcher run` and by experiments; whatever happens, the CSVs written so far stay and the manifest says
 * how the run ended.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { csvFileName } from '../shared/csv-columns.js';
import { exitCodes } from '../shared/exit-codes.js';
import type { Manifest, ManifestVm, RunStatus } from '../shared/manifest.js';
import type { VmStats } from '../shared/vm-spec.js';
import { ProgressDisplay } from './progress-display.js';
import { resolveRun } from './resolve-run.js';
import { clocklabVersion, writeManifest } from './run-folder.js';
import { RunSupervisor, type SupervisorOutcome } from './run-supervisor.js';
import type { VmExit } from './vm-fleet.js';

export type ExecuteOptions = {
  dir: string;
  runId: string;
  verbose: boolean;
  /** Where progress and VM output go; `undefined` keeps the run quiet (experiments draw their own progress). */
  progressTo: NodeJS.WriteStream | undefined;
};

export type RunResult = { exitCode: number; manifest: Manifest; failure: string | undefined };

export async function executeRun(config: RunConfig, options: ExecuteOptions): Promise<RunResult> {
  const { dir, runId } = options;
  const run = resolveRun(config, dir, runId, options.verbose);
  const startedAt = new Date().toISOString();
  const progress =
    options.progressTo === undefined ? undefined : new ProgressDisplay(options.progressTo, run.realRates);
  const supervisor = new RunSupervisor(run.specs, run.realDurationMs, {
    onProgress: (p) => progress?.update(p.id, p),
    onStarted: (start, stop, vms) => {
      const list = vms.map((vm, id) => `vm${id} (pid ${vm.pid}, port ${vm.port})`).join(', ');
      options.progressTo?.write(`started ${list}\n`);
      progress?.start(start, stop);
    },
    onOutput: (id, line) => options.progressTo?.write(`vm${id}: ${line}\n`),
  });
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write('stopping every VM (press Ctrl-C again to kill them at once)\n');
      supervisor.interrupt();
    } else supervisor.forceStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcome = await supervisor.run().finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress?.stop();
  });

  const vms = await Promise.all(
    run.specs.map((spec) =>
      manifestVm(dir, spec.id, spec.clockRate, outcome.stats[spec.id], supervisor.exits.get(spec.id)),
    ),
  );
  const manifest: Manifest = {
    runId,
    status: statusOf(outcome),
    ...(outcome.ok ? {} : { reason: outcome.detail }),
    seed: run.seed,
    config: run.config,
    clockRates: run.clockRates,
    speed: run.config.speed,
    startedAt,
    endedAt: new Date().toISOString(),
    ...(outcome.startEpochMs === undefined ? {} : { startEpochMs: outcome.startEpochMs }),
    version: await clocklabVersion(),
    vms,
  };
  await writeManifest(dir, manifest);
  return { exitCode: exitCodeOf(outcome), manifest, failure: outcome.ok ? undefined : outcome.detail };
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
  const pid = exit?.pid ?? null;
  if (stats !== undefined) return { ...stats, exit: 'done', pid };
  const how =
    exit === undefined ? 'unknown' : exit.signal !== undefined ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const rows = await readFile(join(dir, csvFileName(id)), 'utf8').then(
    (text) =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .slice(1),
    () => [],
  );
  const last = rows.at(-1)?.split(',');
  return {
    id,
    clockRate,
    port: 0,
    ticks: rows.length,
    sent: rows.filter((row) => row.includes(',send,')).length,
    received: rows.filter((row) => row.includes(',receive,')).length,
    finalClock: Number(last?.[5] ?? 0),
    maxJump: Math.max(0, ...rows.map((row) => Number(row.split(',')[6]))),
    maxQueue: Math.max(0, ...rows.map((row) => Number(row.split(',')[7]))),
    pendingAtStop: [],
    dropped: [],
    lostPeers: [],
    refused: 0,
    stoppedEarly: true,
    exit: how,
    pid,
  };
}
