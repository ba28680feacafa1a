/**
 * Reads `manifest.json` for analysis, report and export, validated with the one Manifest schema (manifest.ts), which
 * keeps a manifest from an older launcher (no speed) or a newer one (more fields) readable. Only a regular file is
 * read (a FIFO is refused at once), and at most `maxManifestBytes`. A folder without one is said why
 * (missing-manifest.ts).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues } from '../config/format-issues.js';
import { type JsonText, parseJsonText } from '../config/json-text.js';
import { printable } from '../shared/printable-text.js';
import { killFactsOf, pausedVmsOf } from './config-fault-facts.js';
import { type HostClockDrift, hostClockDrifts } from './host-clock-drift.js';
import { readLauncherDiedRun } from './launcher-died-run.js';
import { Manifest, manifestFileName, type RunStatus } from './manifest.js';
import type { ManifestVm } from './manifest-vm.js';
import { missingManifest } from './missing-manifest.js';
import { readRegularText } from './regular-file.js';
import type { RowsOnHost } from './rows-on-host.js';
import { type Unreadable, type UnreadableProblem, unreadable } from './unreadable.js';

/** Far above any real manifest (256 VMs with long pending lists), far below what would strain memory. */
const maxManifestBytes = 64 * 1024 * 1024;

/** A key given twice is valid JSON, but a manifest no launcher wrote: refused as invalid. */
const jsonProblem = {
  'not-json': 'manifest-not-json',
  'duplicate-key': 'manifest-invalid',
} as const satisfies Record<Exclude<JsonText, { ok: true }>['reason'], UnreadableProblem>;

/** What the analysis and the checker read of a VM's entry. */
export type ManifestVmFacts = Pick<
  ManifestVm,
  | 'id'
  | 'exit'
  | 'pendingAtStop'
  | 'dropped'
  | 'stoppedEarly'
  | 'unendedLinks'
  | 'host'
  | 'stopElapsedMs'
  | 'exitSeenElapsedMs'
  | 'restarts'
  | 'rowsOnHost'
  | 'earlierRowsOnHost'
> &
  Partial<Pick<ManifestVm, 'droppedBy' | 'lostPeers'>> & {
    /**
     * Its own accounting over every life, which its rows must bear out (the checker holds them to it). Absent only
     * for a VM run by hand that left no vm-K.json (by-hand-run.ts).
     */
    figures?: VmAccount;
  };

/**
 * A VM's counts as the manifest records them: ticks logged, sends, receives, its last Lamport clock, and the highest
 * jump and queue length of its ticks.
 */
export type VmAccount = Pick<ManifestVm, 'ticks' | 'sent' | 'received' | 'finalClock' | 'maxJump' | 'maxQueue'>;

/** What the analysis knows about a run before reading any CSV. `vms[i]` is VM i. */
export type RunFacts = {
  runDir: string;
  runId: string;
  status: RunStatus;
  reason: string | null;
  seed: number;
  machines: number;
  /** Experiment seconds: real seconds x speed. */
  durationSeconds: number;
  /** Ticks per experiment second (the VMs ran at clockRates x speed per real second). */
  clockRates: number[];
  /** Time compression: elapsed_ms x speed is experiment time. */
  speed: number;
  /**
   * Stopped early by a signal: the instant every VM stopped ticking at (experiment ms after the start; manifest
   * stoppedAtMs). Absent when the run was not, or its manifest is older than the field.
   */
  stoppedAtMs?: number;
  /**
   * The launcher's end (endedAt) less the start (startEpochMs), in real ms as elapsed_ms counts: the launcher writes
   * the manifest after its VMs ended, so no row is later. Absent without a start (a run that never started, an
   * older manifest) and in the sim, whose start is virtual.
   */
  endElapsedMs?: number;
  /** 'sim': made by the simulation engine (virtual time); absent or 'processes': by OS processes. */
  engine?: 'processes' | 'sim';
  vms: ManifestVmFacts[];
  /** Injected kills per VM id (empty for most VMs): how many, and how many restarts kept or reset the clock. */
  kills: KillFacts[];
  /** VMs stopped (SIGSTOP) for a while by an injected pause: their ticks after it run late by design. */
  pausedVms: number[];
  /** On several hosts: how far each host's clock moved between the start's sample and the end's (none otherwise). */
  clockDrifts: HostClockDrift[];
  /**
   * A folder of VMs run by hand, read from their vm-K.json files (by-hand-run.ts) for want of a manifest:
   * `unjudged`, what those cannot tell the checker. Absent for a launcher's run.
   */
  byHand?: { unjudged: string[] };
  /**
   * A run whose launcher (`pid`) died before its manifest, read from its start record (launcher-died-run.ts):
   * `unjudged`, what the checker cannot judge without a manifest; `unaccounted`, the VMs that left no end record of
   * their own (vm-end-record.ts), whose pending and dropped copies are unknown. Absent for a run with a manifest.
   */
  launcherDied?: { pid: number; how: LauncherEnd; unjudged: string[]; unaccounted: number[] };
};

export type KillFacts = { kills: number; restarts: RestartOrder };

/**
 * How a launcher left a run without a manifest: `died` with its claim still in the folder (SIGKILL, the OOM killer),
 * or `ended` having released it (its manifest's write failed; or the claim was removed by hand).
 */
export type LauncherEnd = 'died' | 'ended';

/** `died before writing it` or `ended without writing it (...)`: the manifest, as the lines about such a run say. */
export function launcherEndPhrase(how: LauncherEnd): string {
  return how === 'died'
    ? 'died before writing it'
    : 'ended without writing it (its write failed, or its claim was removed)';
}

/** What a restart does to the VM's clock: continue from the last row (kept) or start from 0 (reset). */
export type RestartClock = 'kept' | 'reset';
/** A VM's restarts in the order they happen (by restart time, however the config lists its kills). */
export type RestartOrder = readonly RestartClock[];

export type ReadManifestResult = { ok: true; facts: RunFacts } | Unreadable;

export async function readRunManifest(runDir: string): Promise<ReadManifestResult> {
  const file = join(runDir, manifestFileName);
  const read = await readRegularText(file, maxManifestBytes);
  if (!read.ok) {
    // `file` names the manifest: the detail says only what is wrong with it.
    if (read.code === 'ENOTREG') return unreadable('not-a-file', file, read.detail);
    if (read.code !== 'ENOENT')
      return unreadable('manifest-missing', file, `cannot read (${read.code === 'EFBIG' ? read.detail : read.code})`);
    const isFolder = await stat(runDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) return unreadable('no-run-folder', runDir, 'no such folder');
    // A launcher that died after the start left its start record: the run is read from it and the rows.
    const died = await readLauncherDiedRun(runDir);
    if (died !== null) return died;
    return unreadable('manifest-missing', file, await missingManifest(runDir));
  }
  // A key given twice (a manifest edited by hand) is refused: JSON.parse would keep the last one silently.
  const json = parseJsonText(read.text);
  if (!json.ok) return unreadable(jsonProblem[json.reason], file, json.problems.join('; '));
  // reportInput: each issue carries the value found, which the message quotes.
  const parsed = Manifest.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return unreadable('manifest-invalid', file, formatIssues(parsed.error.issues).join('; '));
  const m = parsed.data;
  // The schema holds one entry per VM, each id once: in id order, vms[i] is VM i.
  const vms = [...m.vms]
    .sort((a, b) => a.id - b.id)
    .map((vm): ManifestVmFacts => {
      const { id, pendingAtStop, dropped, stoppedEarly, unendedLinks, stopElapsedMs, restarts, droppedBy } = vm;
      const { rowsOnHost, earlierRowsOnHost, exitSeenElapsedMs } = vm;
      const { ticks, sent, received, finalClock, maxJump, maxQueue } = vm;
      const figures = { ticks, sent, received, finalClock, maxJump, maxQueue };
      const entry = {
        ...{ id, exit: printable(vm.exit, 200), pendingAtStop, dropped, stoppedEarly, unendedLinks, figures },
        lostPeers: vm.lostPeers,
        // An older manifest has none: its drops are not told by cause.
        ...(droppedBy === undefined ? {} : { droppedBy }),
        // An older manifest has none: the analysis then falls back to the VM's last row.
        ...(stopElapsedMs === undefined ? {} : { stopElapsedMs }),
        // An older manifest has none: the stop of a VM that died is then taken as its exit seen.
        ...(exitSeenElapsedMs === undefined ? {} : { exitSeenElapsedMs }),
        // An older manifest has none: the ticks due while a restarted VM was down count as due.
        ...(restarts === undefined ? {} : { restarts }),
        // Rows of it that stay on its host (an older manifest has none); said in lines, so printable.
        ...(rowsOnHost === undefined ? {} : { rowsOnHost: printableRowsOnHost(rowsOnHost) }),
        ...(earlierRowsOnHost === undefined ? {} : { earlierRowsOnHost: earlierRowsOnHost.map(printableRowsOnHost) }),
      };
      // Which host's clock its rows' times are on (absent: the launcher's machine); shown in findings, so printable.
      return vm.host === undefined ? entry : { ...entry, host: printable(vm.host, 100) };
    });
  return {
    ok: true,
    facts: {
      runDir,
      // Shown as they are by analyze, check and the report: file content, so made printable here, once.
      runId: printable(m.runId, 100),
      status: m.status,
      reason: m.reason === undefined ? null : printable(m.reason, 1000),
      seed: m.seed,
      machines: m.config.machines,
      durationSeconds: m.config.durationSeconds,
      clockRates: m.clockRates,
      speed: m.speed,
      ...(m.stoppedAtMs === undefined ? {} : { stoppedAtMs: m.stoppedAtMs }),
      ...(m.engine === undefined ? {} : { engine: m.engine }),
      ...endElapsed(m),
      vms,
      kills: killFactsOf(m.config),
      pausedVms: pausedVmsOf(m.config),
      // Host names are shown in notes: file content, so made printable.
      clockDrifts: hostClockDrifts(m.hosts ?? []).map((drift) => ({ ...drift, host: printable(drift.host, 100) })),
    },
  };
}

function endElapsed(m: Manifest): { endElapsedMs?: number } {
  const ended = Date.parse(m.endedAt);
  if (m.engine === 'sim' || m.startEpochMs === undefined || !Number.isFinite(ended)) return {};
  return { endElapsedMs: ended - m.startEpochMs };
}

/**
 * True when the manifest itself says this VM stopped before the configured end, or lost time to an injected kill,
 * so that a short CSV is expected.
 */
export function stoppedBeforeEnd(facts: RunFacts, vm: ManifestVmFacts): boolean {
  return facts.status !== 'ok' || vm.exit !== 'done' || vm.stoppedEarly || wasKilled(facts, vm.id);
}

/** Killed by an injected fault at some point (restarted or not): what it held in flight and in queue was lost. */
export function wasKilled(facts: RunFacts, vmId: number): boolean {
  return (facts.kills[vmId]?.kills ?? 0) > 0;
}

/** Its text fields as a line may show them: a hand-edited manifest's control characters never reach the terminal. */
function printableRowsOnHost<Rows extends Pick<RowsOnHost, 'host' | 'file' | 'why'>>(rows: Rows): Rows {
  return {
    ...rows,
    host: printable(rows.host, 100),
    file: printable(rows.file, 300),
    why: printable(rows.why, 300),
  };
}
