/**
 * The start record (run-folder/run-start.ts) of a run the launcher has just told its VMs the start of: what its
 * manifest will say of the run that is known by then, so that a launcher that dies before the manifest leaves its
 * run readable.
 */
import { type RunStart, removeRunStart, writeRunStart } from '../run-folder/run-start.js';
import type { ResolvedRun } from './resolve-run.js';

/** Where each VM runs when some run on other hosts: its host's name and its CSV's path there. */
export type VmPlaces = { hostOf(id: number): string; hostFileOf(id: number): string };

export type StartTold = {
  startedAt: string;
  startEpochMs: number;
  stopEpochMs: number;
  /** Each VM's pid (undefined where its transport has none) and port, by id. */
  vms: readonly { pid: number | undefined; port: number }[];
};

export function runStartRecord(
  run: ResolvedRun,
  told: StartTold,
  places: VmPlaces | undefined,
  meta: { launcherPid: number; version: string },
): RunStart {
  return {
    runId: run.runId,
    seed: run.seed,
    config: run.config,
    clockRates: run.clockRates,
    speed: run.config.speed,
    startedAt: told.startedAt,
    version: meta.version,
    startEpochMs: told.startEpochMs,
    stopEpochMs: told.stopEpochMs,
    launcherPid: meta.launcherPid,
    vms: run.specs.map((spec) => {
      const vm = told.vms[spec.id];
      const entry = { id: spec.id, clockRate: spec.clockRate, port: vm?.port ?? spec.port, pid: vm?.pid ?? null };
      return places === undefined
        ? entry
        : { ...entry, host: places.hostOf(spec.id), hostFile: places.hostFileOf(spec.id) };
    }),
  };
}

/**
 * Writes the start record (run-folder/run-start.ts) before tick 0 is due (the start lead is 10 ms and more; the
 * write a fraction of it). True once written. A record that cannot be written (a full disk) fails nothing: the
 * manifest says all it would have, and a folder that takes no record takes no row either, which fails the run.
 */
export async function startRecordWritten(
  dir: string,
  run: ResolvedRun,
  told: StartTold,
  places: VmPlaces | undefined,
  version: Promise<string>,
): Promise<boolean> {
  const meta = { launcherPid: process.pid, version: await version };
  return writeRunStart(dir, runStartRecord(run, told, places, meta)).then(
    () => true,
    () => false,
  );
}

/** Once the manifest is written, the start record goes (a leftover is harmless: readers prefer the manifest). */
export async function dropStartRecord(dir: string, written: Promise<boolean>): Promise<void> {
  if (await written) await removeRunStart(dir).catch(() => {});
}
