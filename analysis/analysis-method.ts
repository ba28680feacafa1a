/**
 * How each derived figure of the analysis is defined, in words: summary.json carries it (RunAnalysis's `method`), for
 * whoever reads the figures without this code.
 */

export const analysisMethod = {
  drift:
    'clock minus the highest clock of any VM still logging, sampled at t = k x gridStepMs (k = 1, 2, ...) of experiment time up to the end of the run (durationSeconds, or the stoppedAtMs of a run a signal stopped early) or to the last row any VM logged when that is later (a VM behind its deadlines, after a pause, runs its last ticks past the end) (each clock a step function: its value after its last row at or before t, 0 before its first); a VM counts as logging to the end unless it ended early (see endedEarly), then up to its last row; mean, worst (most negative), end and least-squares slope per second',
  jumps: 'the jump column: logical_clock minus its value before the event; median: middle value(s); p95: nearest rank',
  gaps: 'events whose jump is above 1; mean and max over those, skipped = sum of (jump - 1)',
  unbounded:
    "queue_len least-squares slope > 0.05/s and last quarter's mean > 2 x first quarter's and >= 1 (quarters of the VM's own span, 0 to its last row, counted in whole gridStepMs buckets: a bucket belongs to the first quarter when it starts before a quarter of the span, to the last when it starts at or after three quarters)",
  late: 'lateness of tick k: elapsed_ms x speed - k x 1000 / clockRate (experiment ms); ticks: those more than one period late; share: of the well-formed rows; p99 (nearest rank) and max of max(0, lateness) rounded to the microsecond',
  expected:
    'ticks due: one per deadline k / clockRate before the end of the run (a deadline within a microsecond of real time of it does not run, as in the VMs): durationSeconds (clockRate x durationSeconds, rounded up when not whole), or stoppedAtMs when a signal stopped the run early (every VM stopped at that instant); due: expected, or the deadlines before its own stop when that came first (stopMs: stopElapsedMs in the manifest x speed, when the launcher stopped, killed or saw the end of the VM; for a VM killed or dead there, exit not done, the deadlines over a period before it, whose tick would be late by then; for a VM that died without a kill of the launcher, exitSeenElapsedMs in the manifest, its death lies somewhere between its last row and that stop, so only the deadlines at or before its last row: those after it, unseenDeath.uncounted, are neither on time nor late), at least those at or before its last row; less, for each restart after an injected kill (restarts in the manifest: kill and rejoin), the ticks due from the first deadline at most a period before the kill to the first tick of the new life (its first row stamped past halfway from the kill to the rejoin; without one, the first deadline after the rejoin) that never ran: lost with the kill, not late; with no stopMs in a run with no instant every VM stopped at (dueToOwnStops: status failed, or interrupted without stoppedAtMs), the deadlines at or before its last row (give or take the half microsecond of its rounding), at most expected; achievedRate: clockRate x logged / due',
  endedEarly:
    "short: ticks < expected - max(2, 2%); ended early: short and its last row before the end by more than that slack; lastElapsedMs: the last row's elapsed_ms x speed (experiment ms, as every time here; the CSV's column is real ms)",
  causality:
    'pairs of events on different VMs; a (on VM i) happened before b iff V(b)[i] >= V(a)[i]; concurrent: neither happened before the other; Lamport-ordered: L(a) != L(b). Exact over every pair when there are at most 5e7 (and at most 200,000 rows), otherwise 20,000 pairs drawn uniformly (two rows drawn from the whole run, again while on one VM) with xoroshiro128+ seeded from the run seed; interval95: Wilson score interval of the share',
  rowVerdict:
    "the findings of launcher check's rules that each VM's rows and manifest entry keep on their own (every rule but those that match messages and vectors across VMs: receive-after-send, carried-clock, fifo-link, exactly-once, unknown-message, receive-time, vector-*), read in the analysis's one pass: violations, countsByRule, and first, the first by VM and line",
  clockDrifts:
    "per host of a run on several hosts: driftMs, the manifest's clockEnd.offsetMs minus clockStart.offsetMs (host minus launcher, ms); overMs, between the two samples (launcher ms); ppm, driftMs / overMs x 1e6; errorMs, half of each sample's round trip summed; beyondBound: |driftMs| > errorMs + 1 ms, when latency across that host (corrected with the start's offset only) is off by more than its own sub-millisecond figures",
} as const;

export type AnalysisMethod = typeof analysisMethod;
