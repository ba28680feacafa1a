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
 * Each VM's ticks due and on-time share, worked out here from the CSVs a run wrote and its manifest: the deadlines
 * k / rate before the VM's own stop as the manifest records it (stopElapsedMs, when before the run's end; for a VM
 * killed or dead there, not `done`, a period before it: a tick due later could still have run on time), at least
 * those at or before its last row (its stamp taken as up to half a microsecond later: the CSV's rounding); without a
 * recorded stop, the run's (`common`: ok, or a signal's stop) or those by its last row; for a VM that died without
 * the launcher's kill (exitSeenElapsedMs), those by its last row. Speed 1, no stoppedAtMs.
 */
export async function dueFromFiles(
  out: string,
  rates: readonly number[],
  common: boolean,
): Promise<{ due: number; onTime: number }[]> {
  const manifest = await readManifest(out);
  const endMs = manifest.config.durationSeconds * 1000;
  const rows = await Promise.all(rates.map(async (_, vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
  return rows.map((vmRows, vm) => {
    const rate = rates[vm] ?? 0;
    const deadlines = (before: (deadline: number) => boolean) => {
      let n = 0;
      while ((n * 1000) / rate < endMs - 0.001 && before((n * 1000) / rate)) n += 1;
      return n;
    };
    const last = vmRows.length === 0 ? Number.NEGATIVE_INFINITY : Number(vmRows.at(-1)?.elapsed_ms);
    const byLastRow = deadlines((deadline) => deadline <= last + 0.0005);
    const entry = manifest.vms[vm];
    const stop =
      entry?.stopElapsedMs === undefined ? undefined : entry.stopElapsedMs - (entry.exit === 'done' ? 0 : 1000 / rate);
    // It died unkilled by the launcher, somewhere between its last row and its exit seen: due up to its last row.
    const diedUnseen = entry?.exitSeenElapsedMs !== undefined && entry.exit !== 'done';
    const due = diedUnseen
      ? byLastRow
      : stop !== undefined && stop < endMs - 0.001
        ? Math.max(
            byLastRow,
            deadlines((deadline) => deadline < stop),
          )
        : stop !== undefined || common
          ? deadlines(() => true)
          : byLastRow;
    const late = vmRows.filter((row) => {
      const lateMs = Number(row.elapsed_ms) - (Number(row.tick) * 1000) / rate;
      return lateMs - 1000 / rate > 1e-6;
    }).length;
    return { due, onTime: (vmRows.length - late) / Math.max(due, vmRows.length) };
  });
}

/**
 * A run with no instant every VM stopped at (failed, or interrupted without one): `launcher analyze` counts each VM's
 * ticks due up to its own stop, as the launcher recorded it or else its last row, and says so. Checked against the
 * CSVs the run wrote and its manifest (dueFromFiles). Returns the analysis.
 */
export async function expectDueToOwnStops(out: string, rates: readonly number[], cwd: string): Promise<RunAnalysis> {
  const figures = await dueFromFiles(out, rates, false);
  const json = await launcher(['analyze', out, '--json', '--no-summary'], cwd);
  const analysis = JSON.parse(json.stdout) as RunAnalysis;
  expect(analysis.dueToOwnStops).toBe(true);
  expect(analysis.vms.map((vm) => vm.ticks.due)).toEqual(figures.map((figure) => figure.due));
  const text = (await launcher(['analyze', out, '--no-summary'], cwd)).stdout;
  expect(text).toMatch(/^no instant every VM stopped at \(run (failed|interrupted)\): each VM's ticks due/m);
  const worst = Math.min(...figures.map((figure) => figure.onTime));
  expect(text).toContain(`on time: worst VM ${(worst * 100).toFixed(1)}%`);
  return analysis;
}

/**
 * The ticks due after a VM's last row and before its stop, worked out from its CSV and the manifest: those `analyze`
 * counts neither on time nor late for a VM that died without the launcher's kill. Speed 1, a stop before the end.
 */
export async function uncountedFromFiles(out: string, vm: number, rate: number): Promise<number> {
  const manifest = await readManifest(out);
  const stop = manifest.vms[vm]?.stopElapsedMs ?? Number.NaN;
  const last = Number((await readCsv(join(out, `vm-${vm}.csv`))).rows.at(-1)?.elapsed_ms);
  let n = 0;
  for (let k = 0; (k * 1000) / rate < stop; k += 1) if ((k * 1000) / rate > last + 0.0005) n += 1;
  return n;
}
