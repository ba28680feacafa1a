/** Checks shared by the integration tests, on the rows real VMs wrote: Lamport rules and message accounting. */
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { type CsvRow, launcher, readCsv, readManifest } from './cli-harness.js';

/**
 * Tick numbers run 0, 1, 2...; clocks rise by the Lamport rules; a send carries its own clock. Checked in plain code
 * and asserted once, naming the first offending rows: an `expect` per row took 14 s on the 50,000 rows an
 * interrupted simulation leaves, close to jest's timeout on a loaded machine.
 */
export function expectLamportRows(rows: CsvRow[]): void {
  const problems: string[] = [];
  let previous = 0;
  rows.forEach((row, index) => {
    if (problems.length >= 5) return;
    const clock = Number(row.logical_clock);
    const expected = row.event === 'receive' ? Math.max(previous, Number(row.msg_clock)) + 1 : previous + 1;
    const wrong = [
      Number(row.tick) !== index && `tick ${row.tick}, expected ${index}`,
      !(clock > previous) && `clock ${clock} not above ${previous}`,
      Number(row.jump) !== clock - previous && `jump ${row.jump}, expected ${clock - previous}`,
      clock !== expected && `clock ${clock}, expected ${expected} for a ${row.event}`,
      row.event === 'send' && Number(row.msg_clock) !== clock && `send carries clock ${row.msg_clock}, not ${clock}`,
    ].filter((text) => text !== false);
    if (wrong.length > 0) problems.push(`vm ${row.vm} row ${index}: ${wrong.join('; ')}`);
    previous = clock;
  });
  expect(problems).toEqual([]);
}

/** Every (msg_id, recipient) sent is received exactly once or listed as pending at that recipient. */
export function expectEveryMessageAccounted(rowsByVm: CsvRow[][], pendingByVm: string[][]): void {
  const expected = new Map<string, number>();
  const sendClock = new Map<string, number>();
  for (const rows of rowsByVm) {
    for (const row of rows) {
      if (row.event !== 'send') continue;
      sendClock.set(row.msg_id ?? '', Number(row.msg_clock));
      for (const to of (row.peer ?? '').split(';')) expected.set(`${row.msg_id}>${to}`, 0);
    }
  }
  const problems: string[] = [];
  rowsByVm.forEach((rows, vm) => {
    for (const row of rows) {
      if (row.event !== 'receive') continue;
      const key = `${row.msg_id}>${vm}`;
      if (!expected.has(key)) problems.push(`${key}: received, never sent to it`);
      expected.set(key, (expected.get(key) ?? 0) + 1);
      if (Number(row.msg_clock) !== sendClock.get(row.msg_id ?? ''))
        problems.push(`${key}: received with clock ${row.msg_clock}, sent with ${sendClock.get(row.msg_id ?? '')}`);
    }
    for (const id of pendingByVm[vm] ?? []) {
      const key = `${id}>${vm}`;
      const count = expected.get(key);
      if (count !== 0)
        problems.push(`${key}: pending at the stop, yet ${count === undefined ? 'never sent' : `received ${count}x`}`);
      expected.set(key, 1);
    }
  });
  expect(problems.slice(0, 10)).toEqual([]);
  const unaccounted = [...expected].filter(([, count]) => count !== 1);
  expect(unaccounted.slice(0, 10)).toEqual([]);
}

/** Every VM stopped in order, and every copy sent is received once or pending at its recipient. */
export async function expectOrderlyStop(out: string, machines: number): Promise<void> {
  const manifest = await readManifest(out);
  expect(manifest.status).toBe('interrupted');
  for (const vm of manifest.vms)
    expect({ vm: vm.id, exit: vm.exit, early: vm.stoppedEarly }).toEqual({ vm: vm.id, exit: 'done', early: true });
  const ids = Array.from({ length: machines }, (_, id) => id);
  const rows = await Promise.all(ids.map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
  for (const [vm, vmRows] of rows.entries())
    expect({ vm, rows: vmRows.length }).toEqual({ vm, rows: manifest.vms[vm]?.ticks });
  for (const vmRows of rows) expectLamportRows(vmRows);
  expectEveryMessageAccounted(
    rows,
    manifest.vms.map((vm) => vm.pendingAtStop),
  );
}

/**
 * A run with no instant every VM stopped at (failed, or interrupted without one): `launcher analyze` counts each VM's
 * ticks due up to its own stop, its last row, and says so. Checked against the CSVs the run wrote: the deadlines
 * k / rate at or before each VM's last row, and the share of them run at most one period late, worked out here.
 */
export async function expectDueToOwnStops(out: string, rates: readonly number[], cwd: string): Promise<void> {
  const rows = await Promise.all(rates.map(async (_, vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
  const figures = rows.map((vmRows, vm) => {
    const rate = rates[vm] ?? 0;
    const last = Number(vmRows.at(-1)?.elapsed_ms);
    let due = 0;
    while ((due * 1000) / rate <= last) due += 1;
    const late = vmRows.filter((row) => {
      const lateMs = Number(row.elapsed_ms) - (Number(row.tick) * 1000) / rate;
      return lateMs - 1000 / rate > 1e-6;
    }).length;
    return { due, onTime: (vmRows.length - late) / Math.max(due, vmRows.length) };
  });
  const json = await launcher(['analyze', out, '--json', '--no-summary'], cwd);
  const analysis = JSON.parse(json.stdout) as RunAnalysis;
  expect(analysis.dueToOwnStops).toBe(true);
  expect(analysis.vms.map((vm) => vm.ticks.due)).toEqual(figures.map((figure) => figure.due));
  const text = (await launcher(['analyze', out, '--no-summary'], cwd)).stdout;
  expect(text).toMatch(/^no instant every VM stopped at \(run (failed|interrupted)\): each VM's ticks due/m);
  const worst = Math.min(...figures.map((figure) => figure.onTime));
  expect(text).toContain(`on time: worst VM ${(worst * 100).toFixed(1)}%`);
}
