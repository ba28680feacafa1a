import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import {
  dueEndMs,
  expectedTicks,
  hasCommonStop,
  judgeTicks,
  ticksDue,
  ticksDueByOwnStop,
  tickTolerance,
  vmTicksDue,
} from '../../analysis/tick-budget.js';
import { parseRunConfig } from '../../config/load-config.js';
import { executeSim } from '../../sim/execute-sim.js';

describe('tick budget', () => {
  test('rate x duration ticks, give or take max(2, 2%)', () => {
    expect(expectedTicks(6, 60)).toBe(360);
    expect(tickTolerance(360)).toBeCloseTo(7.2, 12);
    expect(tickTolerance(10)).toBe(2);
  });

  test('a duration that is not a whole number of periods: one tick per deadline before the end', () => {
    // 3/s for 2.5 s runs ticks 0..7 (deadlines 0 .. 2.333 s): 8 ticks, not 7.5.
    expect(expectedTicks(3, 2.5)).toBe(8);
    expect(expectedTicks(1, 0.5)).toBe(1);
    // 30 x 0.1 is 3.0000000000000004 in floating point; the deadline at 0.1 s itself does not run.
    expect(expectedTicks(30, 0.1)).toBe(3);
    expect(expectedTicks(7, 2.5)).toBe(18);
  });

  test("the end's microsecond is one of real time: at speed 1000 the ticks due are the ones the sim runs", async () => {
    // 101/s for 1.1 s: tick 111 is due at 1099.0 ms, 0.99 real us before the end at speed 1000, and does not run.
    expect(expectedTicks(101, 1.1, 1000)).toBe(111);
    expect(expectedTicks(101, 1.1)).toBe(112);
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-tick-budget-'));
    try {
      const config = { machines: 2, clockRates: [101, 101], durationSeconds: 1.1, speed: 1000, seed: 1 };
      const parsed = parseRunConfig(config, 'test');
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      const ran = await executeSim(parsed.config, { dir, runId: 'r' });
      expect(ran.kind).toBe('ended');
      const analyzed = await analyzeRun(dir);
      if (!analyzed.ok) throw new Error('not analysed');
      expect(analyzed.analysis.vms.map((vm) => [vm.ticks.logged, vm.ticks.expected, vm.ticks.achievedRate])).toEqual([
        [111, 111, 101],
        [111, 111, 101],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a run stopped by a signal: one tick per deadline before the stop instant, never past the configured end', () => {
    expect(ticksDue(30, { durationSeconds: 10 })).toBe(300);
    expect(ticksDue(30, { durationSeconds: 10, stoppedAtMs: 3021.4 })).toBe(91);
    // 100 ms is deadline 3 at 30/s exactly (a float product would make it 3.0000000000000004): it did not run.
    expect(ticksDue(30, { durationSeconds: 10, stoppedAtMs: 100 })).toBe(3);
    expect(ticksDue(30, { durationSeconds: 10, stoppedAtMs: 100.001 })).toBe(4);
    expect(ticksDue(30, { durationSeconds: 10, stoppedAtMs: 0 })).toBe(0);
    expect(ticksDue(30, { durationSeconds: 0.1, stoppedAtMs: 100 })).toBe(3);
    expect(ticksDue(0, { durationSeconds: 10, stoppedAtMs: 100 })).toBe(0);
    expect(dueEndMs({ durationSeconds: 10, stoppedAtMs: 3021.4 })).toBe(3021.4);
    expect(dueEndMs({ durationSeconds: 2 })).toBe(2000);
  });

  test('a run ended ok, or stopped by a signal at one instant, has a common stop; a failed one, or one interrupted without it, has none', () => {
    expect(hasCommonStop({ status: 'ok' })).toBe(true);
    expect(hasCommonStop({ status: 'interrupted', stoppedAtMs: 1900 })).toBe(true);
    expect(hasCommonStop({ status: 'interrupted' })).toBe(false);
    expect(hasCommonStop({ status: 'failed' })).toBe(false);
  });

  test("without a common stop, a VM's ticks are due up to its own last row: deadlines at or before it, at most the run's", () => {
    const run = { durationSeconds: 10 };
    // 30/s: deadline 3 is at 100 ms exactly (as a product, not 3 x 33.33...): a row stamped then was due.
    expect(ticksDueByOwnStop(30, run, 100)).toBe(4);
    expect(ticksDueByOwnStop(30, run, 99.999)).toBe(3);
    expect(ticksDueByOwnStop(5, run, 600.7)).toBe(4);
    expect(ticksDueByOwnStop(5, run, 0)).toBe(1);
    // Behind at its stop: the ticks due by its last row that never ran count as due.
    expect(ticksDueByOwnStop(5, run, 1000.5)).toBe(6);
    // A last tick run late, past the end, owes no more than the run's.
    expect(ticksDueByOwnStop(30, run, 10_040)).toBe(300);
    expect(ticksDueByOwnStop(30, { durationSeconds: 10, stoppedAtMs: 3021.4 }, 5000)).toBe(91);
    expect(ticksDueByOwnStop(30, run, null)).toBe(0);
    expect(ticksDueByOwnStop(0, run, 100)).toBe(0);
  });

  test('a last row stamped up to half a microsecond (x speed) before its deadline, by the CSV`s rounding, was due', () => {
    // 30/s: deadline 1 at 33.3333... ms; a tick run at 33.3334 ms is stamped 33.333.
    expect(ticksDueByOwnStop(30, { durationSeconds: 10 }, 33.333)).toBe(2);
    expect(ticksDueByOwnStop(30, { durationSeconds: 10 }, 33.3328)).toBe(1);
    // At speed 100 the stamp is 0.0005 real ms x 100 = 0.05 experiment ms: 33.29 ms stands for up to 33.34 ms.
    expect(ticksDueByOwnStop(30, { durationSeconds: 10, speed: 100 }, 33.29)).toBe(2);
    expect(ticksDueByOwnStop(30, { durationSeconds: 10, speed: 100 }, 33.28)).toBe(1);
  });

  describe("one VM's ticks due, with its own stop as the launcher recorded it", () => {
    const ok = { status: 'ok' as const, durationSeconds: 10 };
    const failed = { status: 'failed' as const, durationSeconds: 10 };
    const interrupted = { status: 'interrupted' as const, durationSeconds: 10, stoppedAtMs: 3021.4 };
    const killed = (stopMs: number | null, lastElapsedMs: number | null) => ({
      stopMs,
      ranToStop: false,
      lastElapsedMs,
    });
    const ran = (stopMs: number | null, lastElapsedMs: number | null) => ({ stopMs, ranToStop: true, lastElapsedMs });

    test('an ok run: a VM killed by an injected fault owes the ticks that were late by the kill, not the ones after', () => {
      // 30/s (33.3 ms), killed at 2 s, its last row at 1900 ms (tick 57): tick 58 (1933.3 ms) had a period to run and
      // did not, so it is late; tick 59 (1966.7 ms) could still have run on time: lost, like every tick after.
      expect(vmTicksDue(30, ok, killed(2000, 1900))).toBe(59);
      expect(vmTicksDue(30, ok, killed(2000.001, 1900))).toBe(60);
      // Killed 10 ms before the end, its last row tick 298: its last tick, 299, could still have run on time.
      expect(vmTicksDue(30, ok, killed(9990, 9934))).toBe(299);
      // No stop recorded (an older manifest): the run's.
      expect(vmTicksDue(30, ok, killed(null, 1900))).toBe(300);
      // A VM that ran to the run's stop.
      expect(vmTicksDue(30, ok, ran(10_000, 9_967))).toBe(300);
    });

    test('a VM told an earlier stop ran every tick due before it, however late', () => {
      expect(vmTicksDue(30, failed, ran(2000, 1900))).toBe(60);
      expect(vmTicksDue(30, interrupted, ran(2000, 1900))).toBe(60);
    });

    test('a failed run: ticks a VM stalled on before dying are late; without its stop, due by its last row', () => {
      // Stalled from 1 s (its last row, tick 30), seen dead at 5 s: deadlines before 4966.7 ms, 149 ticks due.
      expect(vmTicksDue(30, failed, killed(5000, 1000))).toBe(149);
      expect(vmTicksDue(30, failed, killed(null, 1000))).toBe(31);
      expect(vmTicksDue(30, failed, ran(10_000, 9_900))).toBe(300);
      // A tick that ran was due, even stamped past a stop recorded a little early (another process's clock).
      expect(vmTicksDue(30, failed, killed(1000, 1100.2))).toBe(34);
      expect(vmTicksDue(30, failed, killed(1000, null))).toBe(29);
      expect(vmTicksDue(0, failed, killed(1000, 500))).toBe(0);
    });

    test('a stop within the stop tolerance of the run`s is the run`s (two epoch instants` difference)', () => {
      // 101/s at speed 1000 for 1.1 s: 111 ticks due (the 112th lies within a real microsecond of the end).
      const fast = { status: 'ok' as const, durationSeconds: 1.1, speed: 1000 };
      expect(vmTicksDue(101, fast, ran(1099.9999999, 1099))).toBe(111);
      expect(vmTicksDue(30, interrupted, ran(3021.3999999, 3000))).toBe(91);
    });
  });

  test('short, ok and long', () => {
    expect(judgeTicks(352, 360)).toBe('short');
    expect(judgeTicks(353, 360)).toBe('ok');
    expect(judgeTicks(367, 360)).toBe('ok');
    expect(judgeTicks(368, 360)).toBe('long');
    expect(judgeTicks(8, 10)).toBe('ok');
    expect(judgeTicks(7, 10)).toBe('short');
  });
});
