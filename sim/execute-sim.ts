/**
 * One run under the sim engine, into an existing empty folder: the same run folder a run of processes leaves
 * (vm-K.csv, faults.csv, manifest.json with `engine: "sim"`), so analyze, check, report, export and compare read it
 * unchanged. Same config and seed, same bytes: only `runId`, `startedAt` and `endedAt` say when it was made. An
 * expected fs failure of the run folder comes back as a value (io-failure.ts), not thrown.
 */
import { clockRatesFor } from '../config/clock-rates.js';
import type { RunConfig } from '../config/run-config.js';
import { FaultLog } from '../run-folder/faults-csv.js';
import { clocklabVersion, writeManifest } from '../run-folder/folder-writer.js';
import { type IoFailure, orIoFailure } from '../run-folder/io-failure.js';
import type { Manifest } from '../run-folder/manifest.js';
import type { ManifestVm } from '../run-folder/manifest-vm.js';
import { toMicrosecond } from '../run-folder/restart-instants.js';
import {
  endingFields,
  exitCodeOf,
  injectedKillExit,
  type RunEnding,
  reasonOf,
  stoppedAtMs,
  stoppedVmEntry,
} from '../run-folder/run-ending.js';
import { dropFigures } from '../shared/drop-causes.js';
import { microsecondMs } from '../shared/microsecond-ms.js';
import { drawSeed } from '../shared/seeded-random.js';
import { interruptedReason } from '../shared/stop-signals.js';
import { CsvFiles } from './csv-files.js';
import { fittedLoopback } from './latency-model.js';
import type { LogNormalParams } from './log-normal.js';
import type { SimVm } from './sim-vm.js';
import { type SimResult, simulate } from './simulate.js';
import { fittedWake } from './wake-model.js';

/** The virtual start instant: tick 0's deadline is 2000-01-01T00:00:00.000Z in every sim run. */
export const virtualEpochMs = Date.UTC(2000, 0, 1);

export type SimOptions = {
  dir: string;
  runId: string;
  /** Where the one-line account of the run goes; undefined keeps it quiet (experiments). */
  progressTo?: NodeJS.WritableStream | undefined;
  latency?: LogNormalParams;
  /** How late ticks wake (wake-model.ts); the fitted default when absent. */
  wake?: LogNormalParams;
  /** Ctrl-C: the simulation stops at the virtual instant it reached, as VM processes stop at one instant. */
  interrupt?: AbortSignal;
};

/** A simulated run that ended, ok or not, with its manifest written: as RunEnded, plus the events it handled. */
export type SimEnded = {
  kind: 'ended';
  exitCode: number;
  manifest: Manifest;
  failure: string | undefined;
  events: { ticks: number; deliveries: number };
};

/** Or the run folder could not be written to the end (a name planted after the claim, a full disk). */
export type SimRunResult = SimEnded | IoFailure;

export function executeSim(config: RunConfig, options: SimOptions): Promise<SimRunResult> {
  return orIoFailure(() => simulateIntoFolder(config, options));
}

async function simulateIntoFolder(config: RunConfig, options: SimOptions): Promise<SimEnded> {
  const startedAt = new Date().toISOString();
  const wallStart = performance.now();
  const seed = config.seed ?? drawSeed();
  const clockRates = clockRatesFor(config, seed);
  const csv = new CsvFiles(options.dir, config.machines);
  const realDurationMs = (config.durationSeconds * 1000) / config.speed;
  const result = await (async () => {
    try {
      return await simulate(
        {
          machines: config.machines,
          realRates: clockRates.map((rate) => rate * config.speed),
          eventRange: config.eventRange,
          seed,
          durationMs: realDurationMs,
          speed: config.speed,
          faults: config.faults,
          latency: options.latency ?? fittedLoopback,
          wake: options.wake ?? fittedWake,
          epochMs: virtualEpochMs,
          latencyFigures: true,
          ...(options.interrupt === undefined ? {} : { interrupt: options.interrupt }),
        },
        (vm, line) => csv.write(vm, line),
      );
    } finally {
      csv.close();
    }
  })();
  if (config.faults !== undefined) {
    const log = new FaultLog(options.dir, config.speed);
    for (const event of result.faultEvents) log.record(event);
    await log.close();
  }
  const { $schema: _, ...resolved } = { ...config, seed };
  const ending = endingOf(result);
  // Each VM stopped where the run was cut, or at its end, unless a kill took it down first (virtual ms: exact).
  const runStopMs = Math.min(realDurationMs, result.cutAtMs ?? realDurationMs);
  const manifest: Manifest = {
    runId: options.runId,
    ...endingFields(ending),
    seed,
    config: resolved,
    clockRates,
    speed: config.speed,
    startedAt,
    endedAt: new Date().toISOString(),
    startEpochMs: virtualEpochMs,
    // Interrupted: the virtual instant every VM stopped at, in experiment ms (the manifest's stoppedAtMs).
    ...(ending.how === 'interrupted' && result.cutAtMs !== undefined
      ? { stoppedAtMs: stoppedAtMs(result.cutAtMs, config) }
      : {}),
    version: await clocklabVersion(),
    engine: 'sim',
    vms: result.vms.map((vm) => ({
      ...manifestVm(vm, ending.how !== 'ok'),
      stopElapsedMs: stopAsWritten(Math.min(runStopMs, vm.killedAtMs ?? runStopMs), realDurationMs),
      ...(vm.restarts.length === 0 ? {} : { restarts: toMicrosecond(vm.restarts) }),
    })),
  };
  await writeManifest(options.dir, manifest);
  const wallS = (performance.now() - wallStart) / 1000;
  options.progressTo?.write(
    `sim: ${result.ticks} ticks and ${result.deliveries} deliveries of ${config.durationSeconds} experiment s in ${wallS.toFixed(2)} s of wall time\n`,
  );
  return {
    kind: 'ended',
    exitCode: exitCodeOf(ending),
    manifest,
    failure: reasonOf(ending),
    events: { ticks: result.ticks, deliveries: result.deliveries },
  };
}

/** A VM's failure fails the run; an interrupt stops it. */
/** As the real engine writes a stop (vm-stop-instants.ts): the planned end exactly as configured, a kill or cut to the µs. */
const stopAsWritten = (stopMs: number, endMs: number): number => (stopMs >= endMs ? endMs : microsecondMs(stopMs));

function endingOf(result: SimResult): RunEnding {
  if (result.failure !== undefined) return { how: 'failed', reason: result.failure };
  return result.interrupted ? { how: 'interrupted', reason: interruptedReason } : { how: 'ok' };
}

/** Each VM's entry as the launcher writes it: a VM left down by a kill is described by what its rows say. */
function manifestVm(vm: SimVm, stoppedEarly: boolean): ManifestVm {
  const { id, rate } = vm.setup;
  const drops = dropFigures(vm.dropped);
  const machine = vm.machine;
  if (!vm.alive) {
    const figures = {
      rows: vm.earlier.ticks,
      sends: machine.sends,
      received: vm.earlier.received,
      lastClock: machine.clock,
      maxJump: vm.earlier.maxJump,
      maxQueue: vm.earlier.maxQueue,
    };
    return {
      ...stoppedVmEntry({ id, clockRate: rate }, figures, vm.failedWith ?? injectedKillExit, null),
      ...drops,
    };
  }
  const stats = vm.stats.toStats({
    id,
    clockRate: rate,
    port: 0,
    ticks: vm.earlier.ticks + vm.ticks,
    sent: machine.sends,
    finalClock: machine.clock,
    pendingAtStop: machine.pending(),
    stoppedEarly,
    ...(vm.latency === undefined ? {} : { latency: vm.latency.figures() }),
  });
  return {
    ...stats,
    received: stats.received + vm.earlier.received,
    maxJump: Math.max(stats.maxJump, vm.earlier.maxJump),
    maxQueue: Math.max(stats.maxQueue, vm.earlier.maxQueue),
    exit: 'done',
    pid: null,
    ...drops,
  };
}
