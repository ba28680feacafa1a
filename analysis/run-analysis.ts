/**
 * The analysis of one run folder: plain data, so `--json` and `summary.json` are just this value serialized.
 * Rates, durations, times and slopes are in experiment time (elapsed_ms x speed), so a run compressed with speed
 * reads like the same run in real time; at speed 1 they are the CSV's own figures.
 */

import type { HostClockDrift } from '../run-folder/host-clock-drift.js';
import type { RunStatus } from '../run-folder/manifest.js';
import type { EarlierRowsOnHost, RowsOnHost } from '../run-folder/rows-on-host.js';
import type { LauncherEnd } from '../run-folder/run-facts.js';
import type { AnalysisMethod } from './analysis-method.js';
import type { Causality } from './causality.js';
import type { DistributionStats } from './count-histogram.js';
import type { DriftStats } from './drift.js';
import type { QueueStats } from './queue-stats.js';
import type { RestartLoss } from './restart-downtime.js';
import type { RowVerdict } from './row-verdict.js';
import type { TickLateness } from './tick-lateness.js';
import type { UnseenDeath } from './unseen-death.js';

/** Jumps above 1: logical time values this VM's clock skipped over (a receive from a VM further ahead). */
export type GapStats = {
  /** Events with a jump above 1. */
  count: number;
  /** Mean and max jump over those events only; null when there are none. */
  mean: number | null;
  max: number | null;
  /** Clock values never held: the sum of (jump - 1) over those events. */
  skipped: number;
};

export type VmAnalysis = {
  id: number;
  /** From the manifest: 'done', or what ended the VM. */
  exit: string;
  /** From the manifest: where its rows that never reached the run folder stay on its host; absent when none do. */
  rowsOnHost?: RowsOnHost;
  /** From the manifest: rows of its earlier lives that stay on its host, set aside before a restart; absent when none. */
  earlierRowsOnHost?: EarlierRowsOnHost[];
  ticks: {
    /** Ticks per experiment second, as configured (the manifest's clockRates). */
    configuredRate: number;
    /** configuredRate x logged / due: the configured rate when every tick due ran. */
    achievedRate: number;
    /** Ticks due: one per deadline k / configuredRate before the end of the run (tick-budget.ts). */
    expected: number;
    /**
     * The ticks on time and achievedRate count: `expected`, or those due by this VM's own stop (`stopMs`) when it
     * came first (killed or dead there: those late by then); in a run with no common stop (dueToOwnStops) and no
     * stop recorded, by its last row (tick-budget.ts).
     */
    due: number;
    logged: number;
    /** Fewer ticks than expected by more than max(2, 2%). */
    short: boolean;
    /** Short, and its last row is before the end of the run by more than that slack: it stopped early. */
    endedEarly: boolean;
    /** The last well-formed row's elapsed_ms x speed: experiment ms, not the CSV column's real ms. */
    lastElapsedMs: number | null;
    /**
     * When this VM stopped ticking as the launcher recorded it (the manifest's stopElapsedMs x speed: experiment ms);
     * null when it did not (an older manifest, a VM whose end it did not see).
     */
    stopMs: number | null;
    /**
     * Each restart after an injected kill, as the manifest records it (kill and rejoin, experiment ms; none in an
     * older manifest), and the ticks due in between that never ran: lost with the kill, left out of `due`.
     */
    restarts: RestartLoss[];
    /**
     * A VM that died without the launcher's kill: between its last row and its stop, and the ticks due in between,
     * left out of `due` (neither on time nor late: unseen-death.ts). Absent for any other VM, and in older summaries.
     */
    unseenDeath?: UnseenDeath;
    /** Ticks that ran more than one period behind their deadline, and how late (see tick-lateness.ts). */
    late: TickLateness;
  };
  /** `byteOrderMark`: the file began with one (saved by a spreadsheet); absent when it did not. */
  csv: { missing: boolean; cutTailBytes: number; badRows: number; byteOrderMark?: true };
  events: { receive: number; send: number; internal: number };
  messages: {
    sendEvents: number;
    /** One per recipient of each send. */
    copiesSent: number;
    received: number;
    /**
     * From the manifest: messages that reached this VM and were still unprocessed at the stop; null when the run has
     * none (its launcher died before writing it: launcherDied).
     */
    pendingAtStop: number | null;
    /** From the manifest: copies this VM sent that were dropped (a link down, a partition or an injected drop); null as above. */
    dropped: number | null;
  };
  clock: {
    final: number;
    jumps: DistributionStats;
    receiveJumps: DistributionStats;
    gaps: GapStats;
  };
  drift: DriftStats;
  queue: QueueStats;
};

export type RunAnalysis = {
  runDir: string;
  runId: string;
  status: RunStatus;
  reason: string | null;
  seed: number;
  machines: number;
  durationSeconds: number;
  /**
   * A run stopped early by a signal: the instant every VM stopped ticking at, in experiment ms after the start (the
   * manifest's stoppedAtMs); ticks are due, and drift sampled, only up to it. Null: up to durationSeconds (a run
   * that was not stopped so, or whose manifest is older than the field).
   */
  stoppedAtMs: number | null;
  /**
   * No instant every VM stopped at (a failed run; one interrupted without a stop instant that reached every VM):
   * each VM's ticks are due up to its own stop (`due`: its stopMs, else its last row), not to the run's end.
   */
  dueToOwnStops: boolean;
  speed: number;
  /** Spacing of the time grid drift and the queue quarters are measured on. */
  gridStepMs: number;
  /** CSV rows read across every VM. */
  rows: number;
  /** Ids of the VMs that stopped logging before the end (see ticks.endedEarly). */
  endedEarly: number[];
  vms: VmAnalysis[];
  /** Lamport order against causal order, from the vector_clock column (see Causality). */
  causality: Causality;
  /**
   * On several hosts, per host: how far its clock moved against the launcher's between the start's sample and the
   * end's (run-folder/host-clock-drift.ts); latency across it is corrected with the start's offset only. Empty on one
   * host, and for manifests older than the samples.
   */
  clockDrifts: HostClockDrift[];
  /**
   * What the check's rules on each VM's own rows and manifest entry found in this analysis's read (all of check's
   * rules but those that match messages across VMs): figures over rows these reject are not to be trusted.
   */
  rowVerdict: RowVerdict;
  /** How the derived figures are defined, for whoever reads summary.json without this code. */
  method: AnalysisMethod;
  /**
   * The run's launcher (`pid`) died before its manifest: read from its start record and the rows
   * (run-folder/launcher-died-run.ts), so no VM's stop is known; `unaccounted`, the VMs that left no end record of
   * their own (vm-K.end.json), whose pending and dropped copies are unknown too (null). Absent for a run with a manifest.
   */
  launcherDied?: { pid: number; how: LauncherEnd; unaccounted: number[] };
};
