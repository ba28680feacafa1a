/** Checks shared by the integration tests, on the rows real VMs wrote: Lamport rules and message accounting. */
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { type CsvRow, readCsv, readManifest } from './cli-harness.js';

export function expectLamportRows(rows: CsvRow[]): void {
  let previous = 0;
  rows.forEach((row, index) => {
    expect(Number(row.tick)).toBe(index);
    const clock = Number(row.logical_clock);
    expect(clock).toBeGreaterThan(previous);
    expect(Number(row.jump)).toBe(clock - previous);
    if (row.event === 'receive') expect(clock).toBe(Math.max(previous, Number(row.msg_clock)) + 1);
    else expect(clock).toBe(previous + 1);
    if (row.event === 'send') expect(Number(row.msg_clock)).toBe(clock);
    previous = clock;
  });
}

/** Every (msg_id, recipient) sent is received exactly once or listed as pending at that recipient. */
export function expectEveryMessageAccounted(rowsByVm: CsvRow[][], pendingByVm: string[][]): void {
  const expected = new Map<string, number>();
  const sendClock = new Map<string, number>();
  for (const rows of rowsByVm) {
    for (const row of rows.filter((r) => r.event === 'send')) {
      sendClock.set(row.msg_id ?? '', Number(row.msg_clock));
      for (const to of (row.peer ?? '').split(';')) expected.set(`${row.msg_id}>${to}`, 0);
    }
  }
  rowsByVm.forEach((rows, vm) => {
    for (const row of rows.filter((r) => r.event === 'receive')) {
      const key = `${row.msg_id}>${vm}`;
      expect(expected.has(key)).toBe(true);
      expected.set(key, (expected.get(key) ?? 0) + 1);
      expect(Number(row.msg_clock)).toBe(sendClock.get(row.msg_id ?? ''));
    }
    for (const id of pendingByVm[vm] ?? []) {
      const key = `${id}>${vm}`;
      expect(expected.get(key)).toBe(0);
      expected.set(key, 1);
    }
  });
  const unaccounted = [...expected].filter(([, count]) => count !== 1);
  expect(unaccounted).toEqual([]);
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
