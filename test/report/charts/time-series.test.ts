import { describe, expect, test } from '@jest/globals';
import { jumpHistogram } from '../../../report/charts/jump-histogram.js';
import { driftSeries, heldToEnd, timeSeries } from '../../../report/charts/time-series.js';
import { type RunEvents, readRunEvents } from '../../../report/run-events.js';
import { fixtureRun } from '../../analysis/fixture-runs.js';

async function runOf(name: string): Promise<RunEvents> {
  const read = await readRunEvents(fixtureRun(name));
  if (!read.ok) throw new Error(read.detail);
  return read.run;
}

describe('time series', () => {
  test('drift is sampled at every row of every VM: behind the leader, 0 when leading', async () => {
    const run = await runOf('basic');
    const [vm0, vm1] = driftSeries(run.vms, [true, true], run.endMs, 2000);
    // VM 1 jumps to 4 at 500.7 ms, ahead of VM 0's 3: VM 0 is 1 behind until its next tick.
    expect(vm0?.v[vm0.t.indexOf(500.7)]).toBe(-1);
    expect(vm0?.v[vm0.t.indexOf(600.5)]).toBe(0);
    // VM 1 ends at clock 6 while VM 0 reaches 10.
    expect(vm1?.t.at(-1)).toBe(1800.5);
    expect(vm1?.v.at(-1)).toBe(-4);
    expect(Math.max(...(vm1?.v ?? []))).toBe(0);
  });

  test('a VM that ended early leaves the drift reference after its last row', async () => {
    const run = await runOf('ended-early');
    const held = heldToEnd(run, null);
    expect(held).toEqual([true, false]);
    const [, vm1] = driftSeries(run.vms, held, run.endMs, 2000);
    expect(Math.max(...(vm1?.t ?? []))).toBeLessThanOrEqual(run.vms[1]?.elapsedMs.at(-1) ?? 0);
  });

  test('clock and queue series follow the rows', async () => {
    const run = await runOf('basic');
    const [, vm1] = timeSeries(run, [true, true]);
    expect(vm1?.clock.v).toEqual([1, 4, 5, 6]);
    expect(vm1?.queue.v).toEqual([0, 0, 1, 1]);
    expect(vm1?.clock.downsampled).toBe(false);
  });
});

describe('jump histogram', () => {
  test('one bin per value while they fit, bins shared by every group', () => {
    const { width, bins } = jumpHistogram([[Int32Array.of(1, 1, 3)], [Int32Array.of(2, 2), Int32Array.of(1)]]);
    expect(width).toBe(1);
    expect(bins).toEqual([
      { group: 0, from: 1, to: 2, count: 2 },
      { group: 0, from: 3, to: 4, count: 1 },
      { group: 1, from: 1, to: 2, count: 1 },
      { group: 1, from: 2, to: 3, count: 2 },
    ]);
  });

  test('wider bins when the values span more than maxBins', () => {
    const { width, bins } = jumpHistogram([[Int32Array.of(1, 2, 100)]], 10);
    expect(width).toBe(10);
    expect(bins).toEqual([
      { group: 0, from: 1, to: 11, count: 2 },
      { group: 0, from: 91, to: 101, count: 1 },
    ]);
  });
});
