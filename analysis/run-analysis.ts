/**
 * The analysis of one run folder: plain data, so `--json` and `summary.json` are just this value serialized.
 * Rates, durations, times and slopes are in experiment time (elapsed_ms x speed), so a run compressed with speed
 * reads like the same run in real time; at speed 1 they are the CSV's own figures.
 */

import type { HostClockDrift } from '../run-folder/host-clock-drift.js';
import type { RunStatus } from '../run-folder/manifest.js';
import type { EarlierRowsOnHost, RowsOnHost } from '../run-folder/rows-on-host.js';
import type { ConcurrencyExample } from './causal-pairs.js';
import type { DistributionStats } from './count-histogram.js';
import type { DriftStats } from './drift.js';
import type { QueueStats } from './queue-stats.js';
import type { RestartLoss } from './restart-downtime.js';
import type { RowVerdict } from './row-verdict.js';
import type { TickLateness } from './tick-lateness.js';

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
    /** From the manifest: messages that reached this VM and were still unprocessed at the stop. */
    pendingAtStop: number;
    /** From the manifest: copies this VM sent that were dropped (a link down, a partition or an injected drop). */
    dropped: number;
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

/**
 * Pairs of events on different VMs, judged by their vector clocks: causally ordered (one happened before the other)
 * or concurrent; and how many concurrent pairs the Lamport clocks order all the same (L(a) != L(b)), which Lamport
 * clocks cannot tell from causal order. Counted over every pair, or over a seeded uniform sample of them.
 */
export type Causality =
  | { available: false; why: string }
  | {
      available: true;
      /** 'exact': every pair was judged; 'sampled': a uniform random sample of them (see judged, margin95). */
      method: 'exact' | 'sampled';
      /** Unordered pairs of well-formed events on different VMs: sum over VM pairs of rows(i) x rows(j). */
      crossVmPairs: number;
      /** Pairs judged: crossVmPairs (exact) or the sample size. Every count below is out of these. */
      judged: number;
      /** Sampled: the run's seed, from which the sample was drawn (so it is the same each time); exact: null. */
      sampleSeed: number | null;
      causallyOrdered: number;
      concurrent: number;
      /** Pairs whose Lamport clocks differ: every causally ordered pair, and the concurrent ones below. */
      lamportOrdered: number;
      /** Concurrent pairs that the Lamport clocks order (L(a) < L(b)): an order causality does not give. */
      lamportOrderedConcurrent: number;
      /** lamportOrderedConcurrent / judged: of all cross-VM pairs (exact, or the sample's estimate). */
      shareOfPairs: number | null;
      /** lamportOrderedConcurrent / lamportOrdered: of the pairs Lamport orders, the share that are concurrent. */
      shareOfLamportOrdered: number | null;
      /** 95% interval of shareOfPairs (Wilson score: sound even when the sample holds none); [share, share] exact. */
      interval95: [number, number] | null;
      /** shareOfPairs x crossVmPairs: the run's number of such pairs (exact, or estimated from the sample). */
      lamportOrderedConcurrentInRun: number;
      /** Up to 3 concurrent pairs that Lamport orders, the widest Lamport gap first; `a` has the lower clock. */
      examples: ConcurrencyExample[];
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
  method: typeof analysisMethod;
};

export const analysisMethod = {
  drift:
    'clock minus the highest clock of any VM still logging, sampled at t = k x gridStepMs (k = 1, 2, ...) of experiment time up to the end of the run (durationSeconds, or the stoppedAtMs of a run a signal stopped early) or to the last row any VM logged when that is later (a VM behind its deadlines, after a pause, runs its last ticks past the end) (each clock a step function: its value after its last row at or before t, 0 before its first); a VM counts as logging to the end unless it ended early (see endedEarly), then up to its last row; mean, worst (most negative), end and least-squares slope per second',
  jumps: 'the jump column: logical_clock minus its value before the event; median: middle value(s); p95: nearest rank',
  gaps: 'events whose jump is above 1; mean and max over those, skipped = sum of (jump - 1)',
  unbounded:
    "queue_len least-squares slope > 0.05/s and last quarter's mean > 2 x first quarter's and >= 1 (quarters of the VM's own span, 0 to its last row, counted in whole gridStepMs buckets: a bucket belongs to the first quarter when it starts before a quarter of the span, to the last when it starts at or after three quarters)",
  late: 'lateness of tick k: elapsed_ms x speed - k x 1000 / clockRate (experiment ms); ticks: those more than one period late; share: of the well-formed rows; p99 (nearest rank) and max of max(0, lateness) rounded to the microsecond',
  expected:
    'ticks due: one per deadline k / clockRate before the end of the run (a deadline within a microsecond of real time of it does not run, as in the VMs): durationSeconds (clockRate x durationSeconds, rounded up when not whole), or stoppedAtMs when a signal stopped the run early (every VM stopped at that instant); due: expected, or the deadlines before its own stop when that came first (stopMs: stopElapsedMs in the manifest x speed, when the launcher stopped, killed or saw the end of the VM; for a VM killed or dead there, exit not done, the deadlines over a period before it, whose tick would be late by then), at least those at or before its last row; less, for each restart after an injected kill (restarts in the manifest: kill and rejoin), the ticks due from the first deadline at most a period before the kill to the first tick of the new life (its first row stamped past halfway from the kill to the rejoin; without one, the first deadline after the rejoin) that never ran: lost with the kill, not late; with no stopMs in a run with no instant every VM stopped at (dueToOwnStops: status failed, or interrupted without stoppedAtMs), the deadlines at or before its last row (give or take the half microsecond of its rounding), at most expected; achievedRate: clockRate x logged / due',
  endedEarly:
    "short: ticks < expected - max(2, 2%); ended early: short and its last row before the end by more than that slack; lastElapsedMs: the last row's elapsed_ms x speed (experiment ms, as every time here; the CSV's column is real ms)",
  causality:
    'pairs of events on different VMs; a (on VM i) happened before b iff V(b)[i] >= V(a)[i]; concurrent: neither happened before the other; Lamport-ordered: L(a) != L(b). Exact over every pair when there are at most 5e7 (and at most 200,000 rows), otherwise 20,000 pairs drawn uniformly (two rows drawn from the whole run, again while on one VM) with xoroshiro128+ seeded from the run seed; interval95: Wilson score interval of the share',
  rowVerdict:
    "the findings of launcher check's rules that each VM's rows and manifest entry keep on their own (every rule but those that match messages and vectors across VMs: receive-after-send, carried-clock, fifo-link, exactly-once, unknown-message, receive-time, vector-*), read in the analysis's one pass: violations, countsByRule, and first, the first by VM and line",
  clockDrifts:
    "per host of a run on several hosts: driftMs, the manifest's clockEnd.offsetMs minus clockStart.offsetMs (host minus launcher, ms); overMs, between the two samples (launcher ms); ppm, driftMs / overMs x 1e6; errorMs, half of each sample's round trip summed; beyondBound: |driftMs| > errorMs + 1 ms, when latency across that host (corrected with the start's offset only) is off by more than its own sub-millisecond figures",
} as const;
