/**
 * The analysis of one run folder: plain data, so `--json` and `summary.json` are just this value serialized.
 * Rates, durations, times and slopes are in experiment time (elapsed_ms x speed), so a run compressed with speed
 * reads like the same run in real time; at speed 1 they are the CSV's own figures.
 */
import type { DistributionStats } from './count-histogram.js';
import type { DriftStats } from './drift.js';
import type { QueueStats } from './queue-stats.js';

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
  /** From the manifest: 'done', or what ended the VM ('unknown' when the manifest has no entry for it). */
  exit: string;
  ticks: {
    /** Ticks per experiment second, as configured (the manifest's clockRates). */
    configuredRate: number;
    /** Ticks logged / configured duration. */
    achievedRate: number;
    expected: number;
    logged: number;
    /** Fewer ticks than expected by more than max(2, 2%). */
    short: boolean;
    /** Short, and its last row is before the end of the run by more than that slack: it stopped early. */
    endedEarly: boolean;
    lastElapsedMs: number | null;
  };
  csv: { missing: boolean; cutTailBytes: number; badRows: number };
  events: { receive: number; send: number; internal: number };
  messages: {
    sendEvents: number;
    /** One per recipient of each send. */
    copiesSent: number;
    received: number;
    /** From the manifest: messages that reached this VM and were still unprocessed at the stop. */
    pendingAtStop: number;
    /** From the manifest: copies this VM sent over a link that was down. */
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

export type RunAnalysis = {
  runDir: string;
  runId: string;
  status: 'ok' | 'failed' | 'interrupted';
  reason: string | null;
  seed: number;
  machines: number;
  durationSeconds: number;
  speed: number;
  /** Spacing of the time grid drift and the queue quarters are measured on. */
  gridStepMs: number;
  /** CSV rows read across every VM. */
  rows: number;
  /** Ids of the VMs that stopped logging before the end (see ticks.endedEarly). */
  endedEarly: number[];
  vms: VmAnalysis[];
  /** How the derived figures are defined, for whoever reads summary.json without this code. */
  method: typeof analysisMethod;
};

export const analysisMethod = {
  drift:
    'clock minus the highest clock of any VM still logging, sampled every gridStepMs of elapsed time (each clock a step function: its value after its last row at or before t); mean, worst (most negative), end and least-squares slope per second',
  jumps: 'the jump column: logical_clock minus its value before the event; median: middle value(s); p95: nearest rank',
  gaps: 'events whose jump is above 1; mean and max over those, skipped = sum of (jump - 1)',
  unbounded:
    "queue_len least-squares slope > 0.05/s and last quarter's mean > 2 x first quarter's and >= 1 (quarters of the VM's own elapsed span)",
  endedEarly:
    'short: ticks < clockRate x durationSeconds - max(2, 2%); ended early: short and its last row before the end by more than that slack',
} as const;
