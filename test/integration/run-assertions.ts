/** Checks shared by the integration tests, on the rows real VMs wrote: Lamport rules and message accounting. */
import { expect } from '@jest/globals';
import type { CsvRow } from './cli-harness.js';

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
