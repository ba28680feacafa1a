import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { LatenessTally, onTimeShare } from '../../analysis/tick-lateness.js';
import { copyRun, fixtureRun } from './fixture-runs.js';

async function lateOf(dir: string): Promise<RunAnalysis['vms'][number]['ticks']['late'][]> {
  const result = await analyzeRun(dir);
  if (!result.ok) throw new Error(`unexpected: ${result.detail}`);
  return result.analysis.vms.map((vm) => vm.ticks.late);
}

/** VM 0 of late-ticks at 10/s, lateness by tick in ms (elapsed - k x 100). */
const vm0LateMs = [0.25, 0.1, -0.001, 100, 100.001, 120.5, 20.9, 0.05, 0.02, 0.01];

describe('tick lateness on the late-ticks fixture (VM 0 at 10/s, VM 1 at 4/s, 1 s)', () => {
  test('the fixture is what the test says', async () => {
    const csv = await readFile(join(fixtureRun('late-ticks'), 'vm-0.csv'), 'utf8');
    const elapsed = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[4]));
    expect(elapsed.map((ms, k) => Math.round((ms - k * 100) * 1000) / 1000)).toEqual(vm0LateMs);
  });

  test('exactly one period late (tick 3) is not counted, a microsecond more (tick 4) is', async () => {
    const [vm0, vm1] = await lateOf(fixtureRun('late-ticks'));
    // Ticks 4 (100.001 ms) and 5 (120.5 ms); tick 2, stamped 1 us before its deadline, counts as 0 late.
    expect(vm0).toEqual({ ticks: 2, share: 2 / 10, p99Ms: 120.5, maxMs: 120.5 });
    expect(vm1).toEqual({ ticks: 0, share: 0, p99Ms: 0.7, maxMs: 0.7 });
  });

  test('at speed 2 (rates 5/s and 2/s in experiment time) the same rows are late by twice as much', async () => {
    const run = await copyRun('late-ticks', (m) => ({
      ...m,
      speed: 2,
      clockRates: [5, 2],
      config: { ...(m.config as object), durationSeconds: 2 },
    }));
    try {
      const [vm0, vm1] = await lateOf(run.dir);
      // Tick 3: 400 x 2 - 3 x 200 = 200, one period exactly; tick 4: 500.001 x 2 - 4 x 200 = 200.002.
      expect(vm0).toEqual({ ticks: 2, share: 0.2, p99Ms: 241, maxMs: 241 });
      expect(vm1).toEqual({ ticks: 0, share: 0, p99Ms: 1.4, maxMs: 1.4 });
    } finally {
      await run.remove();
    }
  });

  test('p99 is the nearest rank: over 200 ticks at 100/s, the third-largest lateness', async () => {
    const run = await copyRun('late-ticks', (m) => ({
      ...m,
      clockRates: [100, 2],
      config: { ...(m.config as object), durationSeconds: 2 },
    }));
    try {
      // 0.123 ms late, but for a tick 12.345 ms late (50) and a stall at tick 120 caught up by 127.
      const lateMs: Record<number, number> = { 50: 12.345, 51: 2.5, 120: 30, 121: 50, 122: 40.5, 123: 31 };
      Object.assign(lateMs, { 124: 21.5, 125: 12, 126: 2.5 });
      const rows = Array.from({ length: 200 }, (_, k) => {
        const elapsed = (k * 10 + (lateMs[k] ?? 0.123)).toFixed(3);
        return `0,${k},internal,2026-01-01T00:00:00.000Z,${elapsed},${k + 1},1,0,,,`;
      });
      const header = 'vm,tick,event,system_time,elapsed_ms,logical_clock,jump,queue_len,peer,msg_id,msg_clock';
      await writeFile(join(run.dir, 'vm-0.csv'), `${[header, ...rows].join('\n')}\n`);
      const [vm0] = await lateOf(run.dir);
      // Over 10 ms: ticks 50 and 120-125. Rank ceil(0.99 x 200) = 198 of 200 is the third largest (31 ms).
      expect(vm0).toEqual({ ticks: 7, share: 7 / 200, p99Ms: 31, maxMs: 50 });
    } finally {
      await run.remove();
    }
  });
});

describe('LatenessTally', () => {
  test('no ticks: no figures', () => {
    expect(new LatenessTally(10).stats()).toEqual({ ticks: 0, share: null, p99Ms: null, maxMs: null });
  });

  test('a period that is no whole number of microseconds (3/s, 333.333... ms)', () => {
    const tally = new LatenessTally(3);
    tally.add(1, 666.666); // 333.3327 ms late: within one period
    tally.add(2, 1000); // one period exactly
    tally.add(3, 1333.334); // 333.334 ms late: more
    expect(tally.stats()).toEqual({ ticks: 1, share: 1 / 3, p99Ms: 333.334, maxMs: 333.334 });
  });

  test('lateness past the array part of the histogram (a 2 s pause) is exact too', () => {
    const tally = new LatenessTally(100);
    for (let k = 0; k < 98; k++) tally.add(k, k * 10 + 0.2);
    tally.add(98, 98 * 10 + 2000.0004);
    tally.add(99, 99 * 10 + 1990.0006);
    // Rank 99 of 100: 1990.001 ms (rounded to the microsecond); the max 2000 ms.
    expect(tally.stats()).toEqual({ ticks: 2, share: 0.02, p99Ms: 1990.001, maxMs: 2000 });
  });
});

describe('onTimeShare', () => {
  test('on time over the ticks due; a tick never logged is not on time', () => {
    expect(onTimeShare(10, 2, 10)).toBeCloseTo(0.8, 12);
    expect(onTimeShare(8, 0, 10)).toBeCloseTo(0.8, 12);
    // More logged than expected (a restarted VM): over what was logged.
    expect(onTimeShare(12, 0, 10)).toBe(1);
    expect(onTimeShare(0, 0, 0)).toBeNull();
  });
});
