import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';

/** A generated run, big enough to stream in many chunks, that the checker and the analysis must agree on. */
describe.each([3, 5])('a generated %i-VM run of 60,000 rows', (machines) => {
  let dir = '';
  let rows = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clocklab-large-run-'));
    rows = (await writeSyntheticRun(dir, { rows: 60_000, machines, seed: 3 })).rows;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('is valid', async () => {
    const result = await checkRun(dir);
    if (!result.ok) throw new Error(JSON.stringify(result).slice(0, 2000));
    expect(result.rows).toBe(rows);
    expect(result.notes).toEqual([]);
  });

  test('every copy sent is received or pending, and the figures add up', async () => {
    const result = await analyzeRun(dir);
    if (!result.ok) throw new Error(result.detail);
    const { vms } = result.analysis;
    const sum = (f: (vm: (typeof vms)[number]) => number) => vms.reduce((total, vm) => total + f(vm), 0);
    expect(result.analysis.rows).toBe(rows);
    expect(sum((vm) => vm.messages.copiesSent)).toBe(sum((vm) => vm.messages.received + vm.messages.pendingAtStop));
    for (const vm of vms) {
      expect(vm.events.receive + vm.events.send + vm.events.internal).toBe(vm.ticks.logged);
      expect(vm.clock.jumps.count).toBe(vm.ticks.logged);
      expect(vm.ticks.endedEarly).toBe(false);
      expect(vm.drift.gridPoints).toBe(1000);
      expect(vm.drift.worst).toBeLessThanOrEqual(0);
    }
    // The fastest VM leads: its drift ends at 0.
    expect(vms.at(-1)?.drift.end).toBe(0);
  });
});
