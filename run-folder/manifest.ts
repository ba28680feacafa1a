/** `manifest.json`, written by the launcher beside the CSVs: what ran, how it ended, and each VM's accounting. */
import type { RunConfig } from '../config/run-config.js';
import type { VmStats } from '../shared/vm-spec.js';

export type RunStatus = 'ok' | 'failed' | 'interrupted';

/** `clockRate` here is the real rate the VM ran at (ticks per real second). */
export type ManifestVm = VmStats & {
  /** How the VM process ended: 'done', or what killed it. */
  exit: string;
  /** The VM's OS process id, to match it with system tools (and to prove it is gone). */
  pid: number | null;
  /** The host it ran on (config.hosts[].name); absent when every VM ran on the launcher's machine. */
  host?: string;
};

/**
 * A host of a run on several hosts. clockOffsetMs: its clock minus the launcher's, as measured when the start
 * instant was handed to it (within +- rttMs / 2); samples: every measurement over the run, epoch ms of the launcher.
 */
export type ManifestHost = {
  name: string;
  ssh: string;
  address: string;
  dir: string;
  vms: number[];
  clockOffsetMs: number | null;
  rttMs: number | null;
  samples: { atEpochMs: number; offsetMs: number; rttMs: number }[];
  /** Why the host was lost mid-run, when it was. */
  lost?: string;
};

export type Manifest = {
  runId: string;
  status: RunStatus;
  /** Why the run failed or was interrupted; absent when ok. */
  reason?: string;
  seed: number;
  config: RunConfig;
  /** Per VM, in ticks per experiment second (the config's figures); the VMs ran at clockRates x speed per real second. */
  clockRates: number[];
  /** Time compression: 1 is real time. `elapsed_ms` x speed gives experiment milliseconds. */
  speed: number;
  startedAt: string;
  endedAt: string;
  /** The common start instant of every VM's tick 0 (epoch ms); elapsed_ms in the CSVs counts from it. */
  startEpochMs?: number;
  version: string;
  /** Runs on several hosts only. */
  hosts?: ManifestHost[];
  vms: ManifestVm[];
};

export const manifestFileName = 'manifest.json';
