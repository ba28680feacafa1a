/**
 * A VM that died without the launcher's kill (a SIGKILL from another process): its death lies between its last row
 * and its exit seen, so the ticks due in between are counted neither on time nor late. The figures of an adversarial
 * user's run (VM 3 at 440/s, 2 CPU hogs running), then a fixture run analysed whole.
 */
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { dueTicksLines } from '../../analysis/due-lines.js';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { vmTicksDue } from '../../analysis/tick-budget.js';
import { onTimeShare } from '../../analysis/tick-lateness.js';
import { unseenDeath } from '../../analysis/unseen-death.js';
import { copyRun, manifestVm } from './fixture-runs.js';

describe('the ticks due of a VM that died unseen', () => {
  const failed = { status: 'failed' as const, durationSeconds: 3 };
  // Its last row tick 934 (2122.727 ms, stamped 2122.9); the launcher saw its exit at 2205.4 ms.
  const vm3 = { stopMs: 2205.4, ranToStop: false, lastElapsedMs: 2122.9 };

  test('due up to its last row: the ticks between it and the exit seen are left out, and counted apart', () => {
    expect(vmTicksDue(440, failed, { ...vm3, stopIsLatest: true })).toBe(935);
    // Taken as the instant it stopped (a kill of the launcher's), the ticks due over a period before it are late.
    expect(vmTicksDue(440, failed, vm3)).toBe(970);
    // Deadlines 935 (2125 ms) .. 970 (2204.5 ms) lie after its last row and before its exit seen.
    expect(unseenDeath(440, failed, vm3, 2205.4)).toEqual({
      lastRowMs: 2122.9,
      stopMs: 2205.4,
      exitSeenMs: 2205.4,
      uncounted: 36,
    });
  });

  test('none for a VM whose stop is known: it ran to it, or the manifest records no exit seen', () => {
    expect(unseenDeath(440, failed, vm3, null)).toBeNull();
    expect(unseenDeath(440, failed, { ...vm3, ranToStop: true }, 2205.4)).toBeNull();
    expect(unseenDeath(440, failed, { ...vm3, stopMs: null }, 2205.4)).toBeNull();
  });

  test('no row: every tick due before its stop is left out; a stop told before the exit seen bounds the span', () => {
    expect(vmTicksDue(10, failed, { stopMs: 500, ranToStop: false, lastElapsedMs: null, stopIsLatest: true })).toBe(0);
    expect(unseenDeath(10, failed, { stopMs: 500, ranToStop: false, lastElapsedMs: null }, 500)?.uncounted).toBe(5);
    // Told to stop at 1 s, its exit seen at 1.2 s, its last row tick 7: deadlines 800 and 900 ms are left out.
    const told = { stopMs: 1000, ranToStop: false, lastElapsedMs: 700.4 };
    expect(unseenDeath(10, failed, told, 1200)).toEqual({
      lastRowMs: 700.4,
      stopMs: 1000,
      exitSeenMs: 1200,
      uncounted: 2,
    });
  });
});

async function analysisOf(dir: string): Promise<RunAnalysis> {
  const result = await analyzeRun(dir);
  if (!result.ok) throw new Error(`unexpected: ${result.detail}`);
  return result.analysis;
}

describe('analyzeRun on a VM SIGKILLed from outside (the ended-early fixture: 5/s, its last row at 600.7 ms)', () => {
  const seenAt = (exitSeen: boolean) => (m: Record<string, unknown>) => {
    Object.assign(manifestVm(m, 1), { stopElapsedMs: 1050, ...(exitSeen ? { exitSeenElapsedMs: 1050 } : {}) });
    Object.assign(manifestVm(m, 0), { stopElapsedMs: 1100 });
    return m;
  };

  test('its exit seen at 1.05 s: due and on time up to its last row, and one line says what was left out', async () => {
    const run = await copyRun('ended-early', seenAt(true));
    try {
      const a = await analysisOf(run.dir);
      const ticks = a.vms[1]?.ticks;
      expect(ticks).toMatchObject({ logged: 4, due: 4, achievedRate: 5, stopMs: 1050 });
      expect(ticks?.unseenDeath).toEqual({ lastRowMs: 600.7, stopMs: 1050, exitSeenMs: 1050, uncounted: 2 });
      expect(onTimeShare(ticks?.logged ?? 0, ticks?.late.ticks ?? 0, ticks?.due ?? 0)).toBe(1);
      expect(dueTicksLines(a)).toContain(
        'VM 1 died between 0.601 s (its last row) and 1.05 s (its exit seen) of 2 s: the 2 ticks due in between are counted neither on time nor late',
      );
    } finally {
      await run.remove();
    }
  });

  test('without an exit seen (an older manifest, a kill of the launcher`s): the stop is the instant, as before', async () => {
    const run = await copyRun('ended-early', seenAt(false));
    try {
      const a = await analysisOf(run.dir);
      // Tick 4 (800 ms) was over a period late by the stop at 1050 ms and never ran: due, and late.
      expect(a.vms[1]?.ticks).toMatchObject({ logged: 4, due: 5, achievedRate: 4 });
      expect(a.vms[1]?.ticks.unseenDeath).toBeUndefined();
      expect(dueTicksLines(a).join('\n')).not.toContain('died between');
    } finally {
      await run.remove();
    }
  });
});
