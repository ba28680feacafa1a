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
  /** How the run was made: absent or 'processes' (one OS process per VM), or 'sim' (virtual time, sim/). */
  engine?: 'processes' | 'sim';
  vms: ManifestVm[];
};

export const manifestFileName = 'manifest.json';
