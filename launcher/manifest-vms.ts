/**
 * Each VM's entry in the manifest of a run that ended: its own figures when it reported them, else figures rebuilt
 * from the rows its CSV kept; how it ended; the copies it dropped, from the launcher's record; its host, if remote,
 * and where its rows that never reached the run folder stay there.
 */
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { csvFigures } from '../run-folder/csv-figures.js';
import type { ManifestVm } from '../run-folder/manifest-vm.js';
import type { RestartInstants } from '../run-folder/restart-instants.js';
import { injectedKillExit, noRowFigures, stoppedBeforeStartExit, stoppedVmEntry } from '../run-folder/run-ending.js';
import { dropFigures } from '../shared/drop-causes.js';
import type { Drop, VmFigures, VmSpec } from '../shared/vm-spec.js';
import type { RemoteVmTransport } from './remote-vm-transport.js';
import type { VmExit } from './vm-transport.js';

/** What the supervisor saw of the VMs by the run's end (its getters). */
export type VmEnds = {
  readonly down: ReadonlySet<number>;
  readonly exits: ReadonlyMap<number, VmExit>;
  readonly dropped: readonly (readonly Drop[])[];
  readonly stoppedBeforeStart: ReadonlySet<number>;
  /** Of those, the ones that had said they failed before that stop. */
  readonly failingAtStop: ReadonlySet<number>;
  /** When the VM stopped ticking, real ms after the start, where the launcher knows it. */
  stopElapsedMs(id: number): number | undefined;
  /** When its exit was seen, where it died without the launcher's kill: its stop is then only the latest it can be. */
  exitSeenElapsedMs(id: number): number | undefined;
  /** Its restarts after injected kills: when each killed life was killed and its new life rejoined. */
  restarts(id: number): RestartInstants;
};

export function manifestVms(
  dir: string,
  specs: readonly VmSpec[],
  stats: readonly (VmFigures | undefined)[],
  ends: VmEnds,
  remote: RemoteVmTransport | undefined,
): Promise<ManifestVm[]> {
  return Promise.all(
    specs.map((spec) => {
      // A remote VM whose rows the run folder could not take is counted from the rows it holds, as a local VM that
      // could not write its CSV is: not 'done', so `check` counts what it lost in notes, not as violations.
      const cut = remote?.rowsKeptOnHost(spec.id);
      const ended = ends.exits.get(spec.id);
      const exit = ends.down.has(spec.id)
        ? injectedKillExit
        : (cut ?? exitLabel(ended, stopBeforeStartOf(spec.id, ends)));
      const figures = cut === undefined ? stats[spec.id] : undefined;
      const vm = manifestVm(dir, spec, figures, exit, ended?.pid);
      const stopElapsedMs = ends.stopElapsedMs(spec.id);
      const exitSeenElapsedMs = ends.exitSeenElapsedMs(spec.id);
      const restarts = ends.restarts(spec.id);
      const rowsOnHost = remote?.rowsOnHost(spec.id);
      const earlierRowsOnHost = remote?.earlierRowsOnHost(spec.id) ?? [];
      return vm.then(
        (entry): ManifestVm => ({
          ...entry,
          ...(stopElapsedMs === undefined ? {} : { stopElapsedMs }),
          ...(exitSeenElapsedMs === undefined ? {} : { exitSeenElapsedMs }),
          ...(restarts.length === 0 ? {} : { restarts }),
          ...dropFigures(ends.dropped[spec.id] ?? []),
          ...(remote === undefined ? {} : { host: remote.hostOf(spec.id) }),
          ...(rowsOnHost === undefined ? {} : { rowsOnHost }),
          ...(earlierRowsOnHost.length === 0 ? {} : { earlierRowsOnHost: [...earlierRowsOnHost] }),
        }),
      );
    }),
  );
}

/**
 * How the launcher's stop before the start reached VM `id`: not at all (it had ended), through its kill only (it had
 * said it failed: an exit code of its own is its own), or whatever ended it first.
 */
type StopBeforeStart = 'none' | 'kill' | 'any';

function stopBeforeStartOf(id: number, ends: VmEnds): StopBeforeStart {
  if (!ends.stoppedBeforeStart.has(id)) return 'none';
  return ends.failingAtStop.has(id) ? 'kill' : 'any';
}

/**
 * A VM the launcher stopped before the start, which had not said it failed, ended by that stop whatever its exit
 * says: the kill, or (on another host, where the kill takes a round trip) its channel closed by the same stop (exit
 * 1), or a link to a peer the stop ended first. Only a lost host is said as such.
 */
function exitLabel(exit: VmExit | undefined, stop: StopBeforeStart): string {
  if (exit === undefined) return 'unknown';
  if (exit.lost !== undefined) return exit.lost.replace(/^was /, ''); // its host went away: "lost: host h2 ..."
  if (stop === 'any' || (stop === 'kill' && exit.signal === 'SIGKILL')) return stoppedBeforeStartExit;
  return exit.signal !== undefined ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/**
 * A VM that died has no figures of its own: its entry is rebuilt from the rows its CSV kept. Its drops are added
 * by the caller from the launcher's record (drop-causes.ts says why).
 */
async function manifestVm(
  dir: string,
  spec: VmSpec,
  stats: VmFigures | undefined,
  exit: string,
  pid: number | undefined,
): Promise<Omit<ManifestVm, 'dropped' | 'droppedBy'>> {
  if (stats !== undefined) return { ...stats, exit: 'done', pid: pid ?? null };
  const read = await csvFigures(join(dir, csvFileName(spec.id)), spec.id, spec.machines);
  return stoppedVmEntry(spec, 'reason' in read ? noRowFigures : read, exit, pid ?? null);
}
