/**
 * The manifest of a simulated run (execute-sim.ts writes it): the one a run of processes writes, `engine: "sim"`,
 * its instants virtual (exact, written to the microsecond as the real engine writes them) and each VM's entry as the
 * launcher makes it, a VM a kill left down described by what its rows say.
 */
import type { RunConfig } from '../config/run-config.js';
import { clocklabVersion } from '../run-folder/folder-writer.js';
import type { Manifest } from '../run-folder/manifest.js';
import type { ManifestVm } from '../run-folder/manifest-vm.js';
import { toMicrosecond } from '../run-folder/restart-instants.js';
import {
  endingFields,
  injectedKillExit,
  type RunEnding,
  stoppedAtMs,
  stoppedVmEntry,
} from '../run-folder/run-ending.js';
import { dropFigures } from '../shared/drop-causes.js';
import { microsecondMs } from '../shared/microsecond-ms.js';
import { interruptedReason } from '../shared/stop-signals.js';
import type { SimResult } from './sim-plan.js';
import type { SimVm } from './sim-vm.js';

/** What the simulated run was, beside what came of it: its config (the seed drawn when it had none) and its start. */
export type SimRun = {
  runId: string;
  config: RunConfig;
  seed: number;
  clockRates: number[];
  startedAt: string;
  /** The virtual start instant, epoch ms. */
  startEpochMs: number;
  /** Its length in real ms (durationSeconds / speed), as the simulation ran it. */
  realDurationMs: number;
};

/** A VM's failure fails the run; an interrupt stops it. */
export function simEnding(result: SimResult): RunEnding {
  if (result.failure !== undefined) return { how: 'failed', reason: result.failure };
  return result.interrupted ? { how: 'interrupted', reason: interruptedReason } : { how: 'ok' };
}

export async function simManifest(run: SimRun, result: SimResult, ending: RunEnding): Promise<Manifest> {
  const { config, seed, clockRates, startedAt, realDurationMs } = run;
  const { $schema: _, ...resolved } = { ...config, seed };
  // Each VM stopped where the run was cut, or at its end, unless a kill took it down first (virtual ms: exact).
  const runStopMs = Math.min(realDurationMs, result.cutAtMs ?? realDurationMs);
  return {
    runId: run.runId,
    ...endingFields(ending),
    seed,
    config: resolved,
    clockRates,
    speed: config.speed,
    startedAt,
    endedAt: new Date().toISOString(),
    startEpochMs: run.startEpochMs,
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
}

/** As the real engine writes a stop (vm-stop-instants.ts): the planned end exactly as configured, a kill or cut to the µs. */
const stopAsWritten = (stopMs: number, endMs: number): number => (stopMs >= endMs ? endMs : microsecondMs(stopMs));

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
