/**
 * What the simulation engine (simulate.ts) is asked to run, where its rows go, and what it gives back: the VMs as
 * they ended, the faults it injected and the events it handled.
 */
import type { FaultConfig } from '../config/fault-config.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { LogNormalParams } from './log-normal.js';
import type { SimVm } from './sim-vm.js';

export type SimPlan = {
  machines: number;
  /** Ticks per real second, per VM (the config's rates x speed). */
  realRates: readonly number[];
  eventRange: number;
  seed: number;
  durationMs: number;
  speed: number;
  faults: FaultConfig | undefined;
  latency: LogNormalParams;
  /** How late each tick runs after its deadline (wake-model.ts); zero lateness when absent. */
  wake: LogNormalParams | undefined;
  /** Epoch ms of the virtual start: `system_time` = epoch + elapsed. */
  epochMs: number;
  /** Keep each VM's latency histogram (400 KB a VM): off for very large benches. */
  latencyFigures: boolean;
  /** Messages a VM may hold in its queues before the run fails, as a VM process's does (default maxQueued). */
  queueBound?: number;
  /** Aborted: stop at the virtual instant reached (see above). */
  interrupt?: AbortSignal;
};

/** Where rows go: `line` is one CSV row with its newline, exactly as the VM process writes it. */
export type RowSink = (vm: number, line: string) => void;

export type SimResult = {
  vms: SimVm[];
  faultEvents: FaultEvent[];
  ticks: number;
  deliveries: number;
  /** Why the run stopped before its end (a VM's queue passed its bound), as a VM process fails it. */
  failure?: string;
  /** Stopped early by the plan's interrupt signal. */
  interrupted: boolean;
  /** Cut short (interrupted or failed): every VM ran each tick whose deadline is before this (real ms). */
  cutAtMs?: number;
};
