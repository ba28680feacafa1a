import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
    expect(sum((vm) => vm.messages.copiesSent)).toBe(
      sum((vm) => vm.messages.received + (vm.messages.pendingAtStop ?? 0)),
    );
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

  test("one receive's vector changed deep in the run is found at its row, by the vector rules alone", async () => {
    const copy = await mkdtemp(join(tmpdir(), 'clocklab-large-run-'));
    try {
      await cp(dir, copy, { recursive: true });
      const file = join(copy, 'vm-0.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      // A receive from the last VM, whose file is read after VM 0's: judged once that file is read.
      const sender = machines - 1;
      const at = lines.findIndex(
        (line, i) => i > lines.length / 2 && line.includes(`,receive,`) && line.includes(`,${sender}-`),
      );
      const before = lines[at] ?? '';
      const raised = before.replace(
        new RegExp(`""${sender}"":(\\d+)`),
        (_, n: string) => `""${sender}"":${Number(n) + 1}`,
      );
      expect(raised).not.toBe(before);
      lines[at] = raised;
      await writeFile(file, lines.join('\n'));
      const result = await checkRun(copy);
      if (result.ok || result.reason !== 'violations') throw new Error('expected violations');
      const first = result.violations[0];
      expect(first).toMatchObject({ rule: 'vector-receive', vm: 0, line: at + 1 });
      expect(result.violations.every((v) => v.rule.startsWith('vector-'))).toBe(true);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
