/** Hand-built analysis results for unit tests of the experiment figures: only the fields the figures read vary. */

import { analysisMethod } from '../../analysis/analysis-method.js';
import { CountHistogram } from '../../analysis/count-histogram.js';
import type { RunAnalysis, VmAnalysis } from '../../analysis/run-analysis.js';

export type VmShape = {
  rate: number;
  achieved: number;
  jumps: number[];
  drift: { mean: number | null; worst: number | null };
  queue: { mean: number | null; max: number | null; unbounded?: boolean };
  late?: VmAnalysis['ticks']['late'];
};

export function vmAnalysis(id: number, shape: VmShape): VmAnalysis {
  const jumps = new CountHistogram();
  for (const jump of shape.jumps) jumps.add(jump);
  const gaps = shape.jumps.filter((jump) => jump > 1);
  return {
    id,
    exit: 'done',
    ticks: {
      configuredRate: shape.rate,
      achievedRate: shape.achieved,
      expected: shape.rate * 10,
      due: shape.rate * 10,
      logged: shape.jumps.length,
      short: false,
      endedEarly: false,
      lastElapsedMs: 10_000,
      stopMs: 10_000,
      restarts: [],
      late: shape.late ?? { ticks: 0, share: 0, p99Ms: 0.05, maxMs: 0.1 },
    },
    csv: { missing: false, cutTailBytes: 0, badRows: 0 },
    events: { receive: gaps.length, send: 0, internal: shape.jumps.length - gaps.length },
    messages: { sendEvents: 0, copiesSent: 0, received: gaps.length, pendingAtStop: 0, dropped: 0 },
    clock: {
      final: shape.jumps.reduce((sum, jump) => sum + jump, 0),
      jumps: jumps.stats(),
      receiveJumps: jumps.stats(),
      gaps: {
        count: gaps.length,
        mean: gaps.length === 0 ? null : gaps.reduce((sum, jump) => sum + jump, 0) / gaps.length,
        max: gaps.length === 0 ? null : Math.max(...gaps),
        skipped: gaps.reduce((sum, jump) => sum + jump - 1, 0),
      },
    },
    drift: {
      gridPoints: 100,
      mean: shape.drift.mean,
      worst: shape.drift.worst,
      end: shape.drift.worst,
      slopePerSecond: 0,
    },
    queue: {
      mean: shape.queue.mean,
      max: shape.queue.max,
      atLastTick: 0,
      slopePerSecond: 0,
      firstQuarterMean: 0,
      lastQuarterMean: 0,
      unbounded: shape.queue.unbounded ?? false,
    },
  };
}

export function runAnalysis(vms: VmAnalysis[]): RunAnalysis {
  return {
    runDir: '/tmp/run',
    runId: 'run',
    status: 'ok',
    reason: null,
    seed: 1,
    machines: vms.length,
    durationSeconds: 10,
    stoppedAtMs: null,
    dueToOwnStops: false,
    speed: 1,
    gridStepMs: 100,
    rows: vms.reduce((sum, vm) => sum + vm.ticks.logged, 0),
    endedEarly: [],
    vms,
    causality: { available: false, why: 'not measured in these fixtures' },
    clockDrifts: [],
    rowVerdict: { violations: 0, countsByRule: {}, first: null },
    method: analysisMethod,
  };
}
