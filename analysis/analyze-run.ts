/**
 * analyzeRun: one streaming pass over each VM's CSV (digest-pool.ts, in parallel on big runs), then the figures
 * that need every VM at once (drift) from the small per-VM grids, and the causality figure (causality.ts: exact on
 * short runs, a seeded sample read in a pass of its own on long ones). Rows that do not parse are counted, not
 * analysed: checkRun says what is wrong with them. The same pass runs the check's rules on each VM's own rows
 * (vm-row-checks.ts), so that the analysis says whether its figures come from rows check rejects (rowVerdict). The result also holds the stamps of the files read (taken before
 * each is read), which summary.json keeps so that it stands in only while they are unchanged (write-summary.ts).
 */
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { faultLogFileName } from '../run-folder/faults-csv.js';
import { type FileStamp, stampFiles } from '../run-folder/file-stamps.js';
import { manifestFileName } from '../run-folder/manifest.js';
import type { ManifestVmFacts, RunFacts } from '../run-folder/run-facts.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import { runStartFileName } from '../run-folder/run-start.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { vmEndRecordName } from '../run-folder/vm-end-record-name.js';
import { analysisMethod } from './analysis-method.js';
import { type CausalityLimits, measureCausality } from './causality.js';
import { type DigestOptions, digestAll } from './digest-pool.js';
import { computeDrift } from './drift.js';
import { dueAfterRestarts } from './restart-downtime.js';
import { joinRowVerdicts } from './row-verdict.js';
import type { RunAnalysis, VmAnalysis } from './run-analysis.js';
import { dueEndMs, hasCommonStop, shortfall, ticksDue } from './tick-budget.js';
import { extendGrid, gridStepMs } from './time-grid.js';
import { unseenDeath } from './unseen-death.js';
import type { VmDigest } from './vm-digest.js';

/** `inputs`: the manifest, every CSV, the start record and the fault log as they were when read (file-stamps.ts). */
export type Analyzed = { ok: true; analysis: RunAnalysis; inputs: FileStamp[] };
export type AnalyzeResult = Analyzed | Unreadable;
/** `causality`: other limits for the exact count and the sample (tests). */
export type AnalyzeOptions = DigestOptions & { causality?: CausalityLimits };

export async function analyzeRun(runDir: string, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  // The manifest is stamped before it is read, the CSVs before they are: a file changed after no longer matches.
  const [manifestStamp, runStartStamp, faultLogStamp] = await stampFiles(runDir, [
    manifestFileName,
    runStartFileName,
    faultLogFileName,
  ]);
  const manifest = await readRunManifest(runDir);
  if (!manifest.ok) return manifest;
  const facts = manifest.facts;
  const csvNames = Array.from({ length: facts.machines }, (_, vm) => csvFileName(vm));
  const csvStamps = await stampFiles(runDir, csvNames);
  // Read with the start record, when its launcher died; stamped once their count is known, as the CSVs are.
  const endRecordNames = Array.from({ length: facts.machines }, (_, vm) => vmEndRecordName(vm));
  const endRecordStamps = await stampFiles(runDir, endRecordNames);
  // In runInputNames's order.
  const stamps = [
    ...[manifestStamp as FileStamp, ...csvStamps, runStartStamp as FileStamp, faultLogStamp as FileStamp],
    ...endRecordStamps,
  ];
  const stepMs = gridStepMs(facts.durationSeconds);
  const inputs = Array.from({ length: facts.machines }, (_, vmId) => ({
    file: join(runDir, csvFileName(vmId)),
    vmId,
    gridStepMs: stepMs,
    facts,
  }));
  const digests: VmDigest[] = [];
  for (const outcome of await digestAll(inputs, options)) {
    if (!outcome.ok) return outcome;
    digests.push(outcome);
  }

  const shortfalls = digests.map((d) => shortfall(d.rows, rateOf(facts, d.vmId), facts, d.lastElapsedMs));
  const endedEarly = shortfalls.map((s) => s.endedEarly);
  // A VM that ran to the end holds its final clock up to the last grid point any VM reached; one that ended early
  // leaves the grid after its last row instead of dragging the leader's reference down. A run stopped by a signal
  // ends at its stop instant, where every VM stopped.
  const gridEndMs = Math.max(dueEndMs(facts), ...digests.map((d) => d.lastElapsedMs ?? 0));
  const grids = digests.map((d, id) =>
    extendGrid(d.clockGrid, d.finalClock, endedEarly[id] ? (d.lastElapsedMs ?? 0) : gridEndMs, stepMs),
  );
  const drift = computeDrift(grids, stepMs);
  const causality = await measureCausality(
    facts,
    digests.map((d) => ({
      vmId: d.vmId,
      records: d.csv.records,
      goodRows: d.rows - d.badRows,
      vectorRows: d.vectorRows,
    })),
    options.causality,
  );
  const vms = digests.map(
    (d, id): VmAnalysis => ({
      ...vmFigures(facts, d, shortfalls[id] ?? { short: false, endedEarly: false }),
      drift: drift[id] ?? { gridPoints: 0, mean: null, worst: null, end: null, slopePerSecond: null },
    }),
  );
  return {
    ok: true,
    analysis: {
      runDir: facts.runDir,
      runId: facts.runId,
      status: facts.status,
      reason: facts.reason,
      seed: facts.seed,
      machines: facts.machines,
      durationSeconds: facts.durationSeconds,
      stoppedAtMs: facts.stoppedAtMs ?? null,
      dueToOwnStops: !hasCommonStop(facts),
      speed: facts.speed,
      gridStepMs: stepMs,
      rows: digests.reduce((sum, d) => sum + d.rows, 0),
      endedEarly: vms.filter((vm) => vm.ticks.endedEarly).map((vm) => vm.id),
      vms,
      causality,
      clockDrifts: facts.clockDrifts,
      rowVerdict: joinRowVerdicts(digests.map((d) => d.rowVerdict)),
      method: analysisMethod,
      ...(facts.launcherDied === undefined
        ? {}
        : {
            launcherDied: {
              ...{ pid: facts.launcherDied.pid, how: facts.launcherDied.how },
              unaccounted: facts.launcherDied.unaccounted,
            },
          }),
    },
    inputs: stamps,
  };
}

const rateOf = (facts: RunFacts, vmId: number): number => facts.clockRates[vmId] ?? 0;

function vmFigures(
  facts: RunFacts,
  d: VmDigest,
  { short, endedEarly }: { short: boolean; endedEarly: boolean },
): Omit<VmAnalysis, 'drift'> {
  const vm = facts.vms[d.vmId] as ManifestVmFacts;
  const rate = rateOf(facts, d.vmId);
  const expected = ticksDue(rate, facts);
  const stopMs = vm.stopElapsedMs === undefined ? null : vm.stopElapsedMs * facts.speed;
  const exitSeenMs = vm.exitSeenElapsedMs === undefined ? null : vm.exitSeenElapsedMs * facts.speed;
  const stop = {
    stopMs,
    ranToStop: vm.exit === 'done',
    lastElapsedMs: d.lastElapsedMs,
    stopIsLatest: exitSeenMs !== null,
  };
  // The ticks due while a restart's kill held it down were lost with the kill, not late.
  const { due, restarts } = dueAfterRestarts(rate, facts, stop, d.downs);
  const death = unseenDeath(rate, facts, stop, exitSeenMs);
  // A launcher that died before its manifest recorded neither; the VM's own end record may have (vm-end-record.ts).
  const unaccounted = facts.launcherDied?.unaccounted.includes(d.vmId) ?? false;
  return {
    id: d.vmId,
    exit: vm.exit,
    ...(vm.rowsOnHost === undefined ? {} : { rowsOnHost: vm.rowsOnHost }),
    ...(vm.earlierRowsOnHost === undefined ? {} : { earlierRowsOnHost: vm.earlierRowsOnHost }),
    ticks: {
      configuredRate: rate,
      // The rate x the share of the ticks due that ran: a run of 2.5 s at 3/s runs 8 ticks, and that is 3/s.
      achievedRate: due > 0 ? (rate * d.rows) / due : 0,
      expected,
      due,
      logged: d.rows,
      short,
      endedEarly,
      lastElapsedMs: d.lastElapsedMs,
      stopMs,
      restarts,
      ...(death === null ? {} : { unseenDeath: death }),
      late: d.late,
    },
    csv: {
      missing: d.csv.missing,
      cutTailBytes: d.csv.cutTailBytes,
      badRows: d.badRows,
      ...(d.csv.byteOrderMark ? { byteOrderMark: true as const } : {}),
    },
    events: d.events,
    messages: {
      sendEvents: d.events.send,
      copiesSent: d.copiesSent,
      received: d.events.receive,
      // Unknown, not 0.
      pendingAtStop: unaccounted ? null : vm.pendingAtStop.length,
      dropped: unaccounted ? null : vm.dropped.length,
    },
    clock: { final: d.finalClock, jumps: d.jumps, receiveJumps: d.receiveJumps, gaps: d.gaps },
    queue: d.queue,
  };
}
