import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import type { RunAnalysis, VmAnalysis } from '../../analysis/run-analysis.js';
import { copyRun, fixtureRun, manifestVm, textbookSlope } from './fixture-runs.js';

async function analysisOf(dir: string): Promise<RunAnalysis> {
  const result = await analyzeRun(dir);
  if (!result.ok) throw new Error(`unexpected: ${result.detail}`);
  return result.analysis;
}

const vmOf = (analysis: RunAnalysis, id: number): VmAnalysis => {
  const vm = analysis.vms[id];
  if (vm === undefined) throw new Error(`no VM ${id}`);
  return vm;
};

/** Grid points 0.1 s .. 2.0 s of the basic fixture. */
const grid = Array.from({ length: 20 }, (_, i) => (i + 1) / 10);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('analyzeRun on the basic fixture (VM 0 at 5/s, VM 1 at 2/s, 2 s)', () => {
  test('run-level facts', async () => {
    const a = await analysisOf(fixtureRun('basic'));
    expect(a).toMatchObject({ runId: 'basic', status: 'ok', seed: 7, machines: 2, durationSeconds: 2, speed: 1 });
    expect(a.rows).toBe(14);
    expect(a.gridStepMs).toBe(100);
    expect(a.endedEarly).toEqual([]);
  });

  test('VM 0: ticks, events, messages and jumps', async () => {
    const vm = vmOf(await analysisOf(fixtureRun('basic')), 0);
    expect(vm.ticks).toEqual({
      configuredRate: 5,
      achievedRate: 10 / 2,
      expected: 10,
      due: 10,
      logged: 10,
      short: false,
      endedEarly: false,
      lastElapsedMs: 1800.5,
      // A manifest from before the launcher recorded each VM's stop.
      stopMs: null,
      restarts: [],
      // Every row 0.5 ms after its deadline k x 200 ms.
      late: { ticks: 0, share: 0, p99Ms: 0.5, maxMs: 0.5 },
    });
    expect(vm.events).toEqual({ receive: 1, send: 5, internal: 4 });
    expect(vm.messages).toEqual({ sendEvents: 5, copiesSent: 5, received: 1, pendingAtStop: 0, dropped: 0 });
    // Clocks 1..10, every jump 1.
    expect(vm.clock.final).toBe(10);
    expect(vm.clock.jumps).toEqual({ count: 10, mean: 1, median: 1, p95: 1, max: 1 });
    expect(vm.clock.receiveJumps).toEqual({ count: 1, mean: 1, median: 1, p95: 1, max: 1 });
    expect(vm.clock.gaps).toEqual({ count: 0, mean: null, max: null, skipped: 0 });
    expect(vm.queue).toMatchObject({ mean: 0, max: 0, atLastTick: 0, slopePerSecond: 0, unbounded: false });
  });

  test('VM 1: jumps 1, 3, 1, 1 with receives 3, 1, 1', async () => {
    const vm = vmOf(await analysisOf(fixtureRun('basic')), 1);
    expect(vm.events).toEqual({ receive: 3, send: 1, internal: 0 });
    expect(vm.messages).toEqual({ sendEvents: 1, copiesSent: 1, received: 3, pendingAtStop: 2, dropped: 0 });
    expect(vm.clock.final).toBe(6);
    // Sorted jumps 1, 1, 1, 3: median (1 + 1) / 2; p95 is rank ceil(3.8) = 4.
    expect(vm.clock.jumps).toEqual({ count: 4, mean: 6 / 4, median: 1, p95: 3, max: 3 });
    // Sorted 1, 1, 3: median rank 2; p95 rank ceil(2.85) = 3.
    expect(vm.clock.receiveJumps).toEqual({ count: 3, mean: 5 / 3, median: 1, p95: 3, max: 3 });
    expect(vm.clock.gaps).toEqual({ count: 1, mean: 3, max: 3, skipped: 2 });
  });

  test("VM 1's queue (0, 0, 1, 1 at 0.0007, 0.5007, 1.0007, 1.5007 s) grows: unbounded", async () => {
    const queue = vmOf(await analysisOf(fixtureRun('basic')), 1).queue;
    expect(queue.mean).toBe(0.5);
    expect(queue.max).toBe(1);
    expect(queue.atLastTick).toBe(1);
    expect(queue.slopePerSecond).toBeCloseTo(textbookSlope([0.0007, 0.5007, 1.0007, 1.5007], [0, 0, 1, 1]), 12);
    expect(queue.slopePerSecond).toBeCloseTo(0.8, 12);
    // Span 1500.7 ms: the first quarter holds the row at 0.7 ms, the last the row at 1500.7 ms.
    expect(queue.firstQuarterMean).toBe(0);
    expect(queue.lastQuarterMean).toBe(1);
    expect(queue.unbounded).toBe(true);
  });

  test('drift on the 100 ms grid, worked out by hand', async () => {
    const a = await analysisOf(fixtureRun('basic'));
    // Clocks at t = 0.1 .. 2.0 s (each VM's value after its last row at or before t).
    const clock0 = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10];
    const clock1 = [1, 1, 1, 1, 1, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6];
    const top = clock0.map((c, i) => Math.max(c, clock1[i] ?? 0));
    const drift0 = clock0.map((c, i) => c - (top[i] ?? 0));
    const drift1 = clock1.map((c, i) => c - (top[i] ?? 0));
    expect(drift0.filter((d) => d !== 0)).toEqual([-1]);
    expect(Math.min(...drift1)).toBe(-4);

    const d0 = vmOf(a, 0).drift;
    expect(d0.gridPoints).toBe(20);
    expect(d0.mean).toBeCloseTo(-1 / 20, 12);
    expect(d0.worst).toBe(-1);
    expect(d0.end).toBe(0);
    expect(d0.slopePerSecond).toBeCloseTo(textbookSlope(grid, drift0), 12);
    expect(d0.slopePerSecond).toBeCloseTo(0.45 / 6.65, 12);

    const d1 = vmOf(a, 1).drift;
    expect(d1.mean).toBeCloseTo(mean(drift1), 12);
    expect(d1.mean).toBeCloseTo(-31 / 20, 12);
    expect(d1.worst).toBe(-4);
    expect(d1.end).toBe(-4);
    expect(d1.slopePerSecond).toBeCloseTo(textbookSlope(grid, drift1), 12);
  });
});

describe('analyzeRun on a run where VM 1 was killed', () => {
  test('names the VM that ended early and keeps its cut CSV', async () => {
    const a = await analysisOf(fixtureRun('ended-early'));
    expect(a.status).toBe('failed');
    expect(a.endedEarly).toEqual([1]);
    const vm1 = vmOf(a, 1);
    expect(vm1.exit).toBe('killed by SIGKILL');
    // The run failed: no instant every VM stopped at, so its ticks were due up to its own last row (tick 3, due at
    // 600 ms): every one of them ran, at the rate configured. It still ended early against the run's 10.
    expect(a.dueToOwnStops).toBe(true);
    expect(vm1.ticks).toMatchObject({
      logged: 4,
      expected: 10,
      due: 4,
      achievedRate: 5,
      short: true,
      endedEarly: true,
      lastElapsedMs: 600.7,
    });
    expect(vmOf(a, 0).ticks).toMatchObject({ logged: 10, expected: 10, due: 10, achievedRate: 5 });
    expect(vm1.csv).toEqual({
      missing: false,
      cutTailBytes: Buffer.byteLength('1,4,receive,2026-01-01T00:00:00.800Z,800.7'),
      badRows: 0,
    });
    expect(vmOf(a, 0).ticks.endedEarly).toBe(false);
    expect(vmOf(a, 0).messages.dropped).toBe(2);
  });

  test('the dead VM leaves the drift grid after its last row', async () => {
    const a = await analysisOf(fixtureRun('ended-early'));
    // VM 1 (clocks 1, 3, 4, 5 at 0.7, 200.7, 400.7, 600.7 ms) leads VM 0 from 300 to 600 ms, then is gone.
    expect(vmOf(a, 1).drift).toEqual({ gridPoints: 6, mean: 0, worst: 0, end: 0, slopePerSecond: 0 });
    const drift0 = [0, 0, -1, -1, -1, -1, ...new Array<number>(14).fill(0)];
    const d0 = vmOf(a, 0).drift;
    expect(d0.gridPoints).toBe(20);
    expect(d0.mean).toBeCloseTo(-4 / 20, 12);
    expect(d0.worst).toBe(-1);
    expect(d0.end).toBe(0);
    expect(d0.slopePerSecond).toBeCloseTo(textbookSlope(grid, drift0), 12);
  });
});

describe('analyzeRun on a VM killed and restarted with its clock reset', () => {
  test('short of ticks but not ended early; jumps as the VM logged them', async () => {
    const a = await analysisOf(fixtureRun('restarted'));
    expect(a.endedEarly).toEqual([]);
    const vm1 = vmOf(a, 1);
    expect(vm1.ticks).toMatchObject({ logged: 7, expected: 10, short: true, endedEarly: false });
    // Jump column 1, 2, 1, 1, 10, 1, 1: the restart row moved the clock from 0 to 10.
    expect(vm1.clock.jumps).toEqual({ count: 7, mean: 17 / 7, median: 1, p95: 10, max: 10 });
    expect(vm1.clock.gaps).toEqual({ count: 2, mean: 6, max: 10, skipped: 10 });
    expect(vm1.drift.gridPoints).toBe(20);
    // Ticks 7-9 resume on the schedule (1400.7 ms for tick 7 at 5/s): the gap of the kill is no lateness.
    expect(vm1.ticks.late).toEqual({ ticks: 0, share: 0, p99Ms: 0.7, maxMs: 0.7 });
  });
});

describe('analyzeRun in experiment time', () => {
  test('at speed 0.5 the basic run reads as a 1 s experiment at 10/s and 4/s', async () => {
    const run = await copyRun('basic', (m) => {
      manifestVm(m, 0).clockRate = 5;
      return { ...m, speed: 0.5, clockRates: [10, 4], config: { ...(m.config as object), durationSeconds: 1 } };
    });
    try {
      const a = await analysisOf(run.dir);
      expect(a.speed).toBe(0.5);
      expect(vmOf(a, 0).ticks).toMatchObject({ configuredRate: 10, achievedRate: 10, expected: 10, endedEarly: false });
      expect(vmOf(a, 0).ticks.lastElapsedMs).toBeCloseTo(900.25, 9);
      expect(vmOf(a, 1).ticks).toMatchObject({ configuredRate: 4, achievedRate: 4, endedEarly: false });
      // The queue grows twice as fast per experiment second as per real second.
      expect(vmOf(a, 1).queue.slopePerSecond).toBeCloseTo(1.6, 12);
    } finally {
      await run.remove();
    }
  });
});

describe('analyzeRun on a duration that is not a whole number of periods', () => {
  test('1.9 s at 5/s and 2/s: 10 and 4 ticks due, every one ran, so achieved is the configured rate', async () => {
    // The basic fixture's rows fit a 1.9 s run too: VM 0's last deadline is 1.8 s, VM 1's 1.5 s.
    const run = await copyRun('basic', (m) => ({ ...m, config: { ...(m.config as object), durationSeconds: 1.9 } }));
    try {
      const a = await analysisOf(run.dir);
      expect(vmOf(a, 0).ticks).toMatchObject({ configuredRate: 5, achievedRate: 5, expected: 10, logged: 10 });
      expect(vmOf(a, 1).ticks).toMatchObject({ configuredRate: 2, achievedRate: 2, expected: 4, logged: 4 });
      expect(a.endedEarly).toEqual([]);
    } finally {
      await run.remove();
    }
  });
});

describe('analyzeRun on a run stopped by a signal (the interrupted fixture: 10 s, every VM stopped at 1.9 s)', () => {
  test('ticks are due only before the stop: every one ran, on the schedule, so achieved is the configured rate', async () => {
    const a = await analysisOf(fixtureRun('interrupted'));
    expect(a).toMatchObject({ status: 'interrupted', durationSeconds: 10, stoppedAtMs: 1900, endedEarly: [] });
    expect(vmOf(a, 0).ticks).toMatchObject({ expected: 10, logged: 10, achievedRate: 5, short: false });
    expect(vmOf(a, 1).ticks).toMatchObject({ expected: 4, logged: 4, achievedRate: 2, short: false });
    // Both VMs hold their clocks to the stop, as they would to the end: drift as in the basic run's first 1.9 s.
    expect(vmOf(a, 1).drift.gridPoints).toBe(19);
  });

  test('a deadline at the stop instant itself did not run; one just before it did', async () => {
    const at = async (stoppedAtMs: number) => {
      const run = await copyRun('interrupted', (m) => ({ ...m, stoppedAtMs }));
      try {
        return (await analysisOf(run.dir)).vms.map((vm) => vm.ticks.expected);
      } finally {
        await run.remove();
      }
    };
    expect(await at(1800)).toEqual([9, 4]);
    expect(await at(1800.001)).toEqual([10, 4]);
    expect(await at(0)).toEqual([0, 0]);
    // A stop at the configured end (or a manifest without one) counts every tick of the configured duration.
    expect(await at(10_000)).toEqual([50, 20]);
  });

  test('no stop instant in the manifest (an older one, VMs killed before it, or stopped each on its own): due up to each VM`s last row', async () => {
    const run = await copyRun('interrupted', ({ stoppedAtMs: _, ...m }) => m);
    try {
      const a = await analysisOf(run.dir);
      expect(a.stoppedAtMs).toBeNull();
      expect(a.dueToOwnStops).toBe(true);
      // Its last row at 1800.5 ms at 5/s: deadlines 0 .. 1800 ms, 10 ticks, every one run. Against the run's 50, it
      // still ended early.
      expect(vmOf(a, 0).ticks).toMatchObject({ expected: 50, due: 10, logged: 10, achievedRate: 5, endedEarly: true });
      expect(vmOf(a, 1).ticks).toMatchObject({ expected: 20, due: 4, logged: 4, achievedRate: 2, endedEarly: true });
      expect(a.endedEarly).toEqual([0, 1]);
    } finally {
      await run.remove();
    }
  });

  test('a VM killed before the stop still owes the ticks due up to it', async () => {
    // VM 0 killed (an injected kill, no restart) after its tick 5: ticks 6-9 were due before the stop.
    const run = await copyRun('interrupted', (m) => {
      manifestVm(m, 0).exit = 'killed (injected fault)';
      return { ...m, config: { ...(m.config as object), faults: { kills: [{ vm: 0, atSecond: 1.1 }] } } };
    });
    try {
      const csv = join(run.dir, 'vm-0.csv');
      await writeFile(csv, (await readFile(csv, 'utf8')).split('\n').slice(0, 7).join('\n').concat('\n'));
      const a = await analysisOf(run.dir);
      expect(vmOf(a, 0).ticks).toMatchObject({ expected: 10, logged: 6, short: true, endedEarly: true });
      expect(a.endedEarly).toEqual([0]);
    } finally {
      await run.remove();
    }
  });
});

describe('analyzeRun on a CSV edited by hand', () => {
  test('a row whose vector_clock does not read is a malformed row, as check calls it: its jump is no gap', async () => {
    const run = await copyRun('vectors');
    try {
      const file = join(run.dir, 'vm-0.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines[6] = '0,5,internal,2026-01-01T00:00:01.000Z,1000.500,60,55,0,,,,{0:60}';
      await writeFile(file, lines.join('\n'));
      const vm = vmOf(await analysisOf(run.dir), 0);
      expect(vm.csv.badRows).toBe(1);
      expect(vm.clock.gaps).toEqual({ count: 0, mean: null, max: null, skipped: 0 });
      expect(vm.clock.jumps.max).toBe(1);
    } finally {
      await run.remove();
    }
  });
});

describe('analyzeRun on what cannot be read', () => {
  test('no manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-analysis-test-'));
    try {
      expect(await analyzeRun(dir)).toMatchObject({ ok: false, reason: 'unreadable', problem: 'manifest-missing' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a manifest that is not JSON, or lacks what the analysis needs', async () => {
    const run = await copyRun('basic');
    try {
      await writeFile(join(run.dir, 'manifest.json'), '{"runId": ');
      expect(await analyzeRun(run.dir)).toMatchObject({ reason: 'unreadable', problem: 'manifest-not-json' });
      await writeFile(join(run.dir, 'manifest.json'), '{"runId": "x"}');
      expect(await analyzeRun(run.dir)).toMatchObject({ reason: 'unreadable', problem: 'manifest-invalid' });
    } finally {
      await run.remove();
    }
  });

  test('a CSV with the wrong header names the file', async () => {
    const result = await analyzeRun(fixtureRun('bad-header'));
    expect(result).toMatchObject({ ok: false, reason: 'unreadable', problem: 'csv-header' });
    if (!result.ok) expect(result.file).toMatch(/vm-1\.csv$/);
  });
});
