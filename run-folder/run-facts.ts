/**
 * What the analysis knows about a run before reading any CSV, and what it asks of it. A launcher's run is read from
 * its manifest (run-manifest.ts); a folder of VMs run by hand from their vm-K.json files (by-hand-run.ts); a run whose
 * launcher died from its start record (launcher-died-run.ts).
 */
import type { HostClockDrift } from './host-clock-drift.js';
import type { RunStatus } from './manifest.js';
import type { ManifestVm } from './manifest-vm.js';

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
