/**
 * A run whose launcher died before its manifest (SIGKILL, the OOM killer): no manifest.json, but the start record the
 * launcher wrote once it told its VMs the start (run-start.ts) and the rows they logged, which every VM wrote through
 * as it went and stopped logging when its launcher's channel closed. RunFacts are built from the record, as the
 * by-hand path builds them from vm-K.json files (by-hand-run.ts): status failed, the reason naming the launcher's
 * death, and `launcherDied` listing what the checker cannot judge without a manifest. No VM's stop is known, so each
 * VM's ticks are due up to its own last row (tick-budget.ts vmTicksDue, for a run with no common stop). A remote VM's
 * rows it had not relayed stay in its file on its host, said as the manifest's rowsOnHost says them.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { printable } from '../shared/printable-text.js';
import { isAlive } from '../shared/process-alive.js';
import { vmList } from '../shared/vm-list.js';
import { killFactsOf, pausedVmsOf } from './config-fault-facts.js';
import { csvFileName } from './csv-columns.js';
import { readClaim } from './folder-writer.js';
import { type LoggedKills, readLoggedKills } from './logged-kills.js';
import { manifestFileName } from './manifest.js';
import { readRecordFile } from './record-file.js';
import { rowsStartOf, sessionStartToleranceMs } from './rows-start.js';
import { injectedKillExit } from './run-ending.js';
import type { LauncherEnd, ManifestVmFacts, RunFacts } from './run-facts.js';
import { RunStart, runStartFileName } from './run-start.js';
import { type Unreadable, unreadable } from './unreadable.js';
import { endRecordEntry, readVmEndRecords, type VmEndRecord } from './vm-end-record.js';

/** A start record is a few kB: the config and one short entry per VM. */
const maxRecordBytes = 16 * 1024 * 1024;

/**
 * What the checker cannot judge without a manifest, said in one `not judged:` line: `unaccounted`, the VMs that left
 * no end record of their own (vm-end-record.ts), whose pending and dropped copies are unknown; `noFigures`, those and
 * the restarted ones (a record holds its last life's figures only); `noStop`, the VMs whose stop neither a record nor a
 * logged kill holds, whose rows after-stop holds to the planned end only.
 */
export function unjudgedWithoutManifest(
  machines: number,
  unaccounted: number[],
  noFigures: number[],
  noStop: number[] = unaccounted,
): string[] {
  const of = (ids: number[]) => (ids.length === machines ? '' : ` of ${vmList(ids)}`);
  return [
    ...(unaccounted.length === 0
      ? []
      : [
          `the accounting of copies pending or dropped at the stop${of(unaccounted)} (exactly-once of copies not received; no vm-K.end.json)`,
        ]),
    ...(noFigures.length === 0 ? [] : [`the figures${of(noFigures)} (manifest-figures)`]),
    "the run's status (manifest-status)",
    `rows after the launcher's end (tick-time: its end is not recorded${
      noStop.length === 0 ? '' : `; after-stop holds the rows${of(noStop)} to the planned end only`
    })`,
  ];
}

/**
 * null: no start record here, or its claim's launcher still runs: the caller says what it says of a folder without
 * a manifest. Else the run, or one line saying why the record cannot be read (or that the record's launcher still
 * runs, under a claim that names no pid).
 */
export async function readLauncherDiedRun(
  runDir: string,
  alive: (pid: number) => boolean = isAlive,
): Promise<{ ok: true; facts: RunFacts } | Unreadable | null> {
  const claim = await readClaim(runDir);
  if (claim?.pid !== undefined && alive(claim.pid)) return null;
  const file = join(runDir, runStartFileName);
  const read = await readRecordFile(file, RunStart, maxRecordBytes, 'run-start-invalid');
  if (read === null || !read.ok) return read;
  const start = read.record;
  // A claim naming a dead pid is the launcher's own word that it died (the record is written by the claimer): a live
  // process under the record's pid then is another that took the freed pid, not the launcher.
  // With no claim, no launcher writes this folder, whatever runs under the record's pid: a launcher (a run's, an
  // experiment's trial's) holds its claim from before the record to after its manifest. Released, it ended; an
  // experiment whose trial's manifest could not be written runs on, and that trial read as `still writing`.
  if (claim !== undefined && claim.pid === undefined && alive(start.launcherPid)) {
    // A claim naming no pid counts as held (folder-writer.ts): the record's launcher is the one that holds it.
    const held = `its start record: ${file}`;
    const detail = `no such file yet: launcher pid ${start.launcherPid} is still writing this folder (${held}); try again when it ends`;
    return unreadable('manifest-missing', join(runDir, manifestFileName), detail);
  }
  const other = await startNotOfRows(runDir, start);
  if (other !== null) return unreadable('run-start-invalid', file, other);
  // The kills its launcher acted on before it died, with when each restarted VM was down; the config's without a log.
  const logged = await readLoggedKills(runDir, start.config.machines, start.stopEpochMs - start.startEpochMs);
  if (!logged.ok) return logged;
  // Each VM's own accounting, where it ended in order after its launcher was gone.
  const ended = await readVmEndRecords(runDir, start);
  if (!ended.ok) return ended;
  // Its claim still there: it died; released: it ended, its manifest's write failed (or the claim was removed).
  const how: LauncherEnd = claim === undefined ? 'ended' : 'died';
  return { ok: true, facts: await launcherDiedFacts(runDir, start, logged.logged, how, ended.records) };
}

/**
 * Why the record is another run's than the rows beside it (one copied or planted), or null: its start must be the
 * one the rows carry (rows-start.ts). Only a VM on this machine tells: a remote VM's system_time is its host's clock.
 */
async function startNotOfRows(runDir: string, start: RunStart): Promise<string | null> {
  for (const vm of start.vms) {
    if (vm.host !== undefined) continue;
    const rows = await rowsStartOf(runDir, vm.id, 'run');
    if (rows === null || Math.abs(rows.ms - start.startEpochMs) <= sessionStartToleranceMs) continue;
    const at = new Date(start.startEpochMs);
    const found = Number.isNaN(at.getTime()) ? String(start.startEpochMs) : at.toISOString();
    return `startEpochMs: found ${found}, the start of another run than its rows': ${rows.said}`;
  }
  return null;
}

async function launcherDiedFacts(
  runDir: string,
  start: RunStart,
  logged: LoggedKills | null,
  how: LauncherEnd,
  records: readonly (VmEndRecord | undefined)[],
): Promise<RunFacts> {
  const { config } = start;
  const pid = start.launcherPid;
  const vms = await Promise.all(
    start.vms.map(async (vm): Promise<ManifestVmFacts> => {
      const restarts = logged?.restarts[vm.id] ?? [];
      const record = records[vm.id];
      const entry: ManifestVmFacts =
        record === undefined
          ? {
              ...{
                id: vm.id,
                exit: `not recorded (launcher pid ${pid} ${how === 'died' ? 'died' : 'wrote no manifest'})`,
                pendingAtStop: [],
                dropped: [],
              },
              ...{ stoppedEarly: true, unendedLinks: [] },
            }
          : endRecordEntry(record, start.startEpochMs, restarts.length === 0);
      if (restarts.length > 0) entry.restarts = restarts;
      // Killed by an injected fault and not restarted before the launcher died: it stopped at that kill, not at the death.
      const downAtMs = logged?.downAtMs[vm.id] ?? null;
      if (downAtMs !== null && record === undefined) {
        entry.exit = injectedKillExit;
        entry.stopElapsedMs = downAtMs;
      }
      if (vm.host === undefined) return entry;
      const host = printable(vm.host, 100);
      if (vm.hostFile === undefined) return { ...entry, host };
      // The relay writes a remote VM's bytes at their own offsets, from the start: the run folder's CSV holds the
      // file on its host up to its own size, and the rest, if any, stays there.
      const fromByte = await stat(join(runDir, csvFileName(vm.id))).then(
        (s) => s.size,
        () => 0,
      );
      const why = `its launcher (pid ${pid}) died before they were relayed`;
      const rowsOnHost = { host, file: printable(vm.hostFile, 300), fromByte, why, ifAny: true as const };
      return { ...entry, host, rowsOnHost };
    }),
  );
  const unaccounted = vms.filter((vm) => records[vm.id] === undefined).map((vm) => vm.id);
  const noFigures = vms.filter((vm) => vm.figures === undefined).map((vm) => vm.id);
  const noStop = vms.filter((vm) => vm.stopElapsedMs === undefined).map((vm) => vm.id);
  return {
    runDir,
    runId: printable(start.runId, 100),
    status: 'failed',
    reason: `its launcher (pid ${pid}) ${how === 'died' ? 'died before writing' : 'ended without writing'} the manifest`,
    seed: start.seed,
    machines: config.machines,
    durationSeconds: config.durationSeconds,
    clockRates: start.clockRates,
    speed: start.speed,
    vms,
    kills: logged?.kills ?? killFactsOf(config),
    pausedVms: pausedVmsOf(config),
    clockDrifts: [],
    launcherDied: {
      pid,
      how,
      unjudged: unjudgedWithoutManifest(config.machines, unaccounted, noFigures, noStop),
      unaccounted,
    },
  };
}
