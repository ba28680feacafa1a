/**
 * One run under the sim engine, into an existing empty folder: the same run folder a run of processes leaves
 * (vm-K.csv, faults.csv, manifest.json with `engine: "sim"`: sim-manifest.ts), so analyze, check, report, export and
 * compare read it unchanged. Same config and seed, same bytes: only `runId`, `startedAt` and `endedAt` say when it was
 * made. An expected fs failure of the run folder comes back as a value (io-failure.ts), not thrown.
 */

import { clockRatesFor } from '../config/clock-rates.js';
import { injectsFaults } from '../config/fault-config.js';
import type { RunConfig } from '../config/run-config.js';
import { FaultLog } from '../run-folder/faults-csv.js';
import { writeManifest } from '../run-folder/folder-writer.js';
import { type IoFailure, orIoFailure } from '../run-folder/io-failure.js';
import type { Manifest } from '../run-folder/manifest.js';
import { exitCodeOf, reasonOf } from '../run-folder/run-ending.js';
import { drawSeed } from '../shared/seeded-random.js';
import { CsvFiles } from './csv-files.js';
import { fittedLoopback } from './latency-model.js';
import type { LogNormalParams } from './log-normal.js';
import { simEnding, simManifest } from './sim-manifest.js';
import { simulate } from './simulate.js';
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
  if (injectsFaults(config.faults)) {
    const log = new FaultLog(options.dir, config.speed);
    for (const event of result.faultEvents) log.record(event);
    await log.close();
  }
  const ending = simEnding(result);
  const run = {
    runId: options.runId,
    config,
    seed,
    clockRates,
    startedAt,
    startEpochMs: virtualEpochMs,
    realDurationMs,
  };
  const manifest = await simManifest(run, result, ending);
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
