/** Injected faults on a real run: each one shows in the CSVs where and when the config put it, and is logged. */

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Manifest } from '../../run-folder/manifest.js';
import { type CsvRow, launcher, readCsv, readManifest, tempDir } from './cli-harness.js';
import { expectLamportRows } from './run-assertions.js';

const faults = {
  links: [{ delay: { kind: 'uniform', minMs: 5, maxMs: 50 } }, { from: 0, to: 1, dropProbability: 0.3 }],
  partitions: [{ groups: [[0], [1, 2]], fromSecond: 1, toSecond: 2 }],
  pauses: [{ vm: 2, atSecond: 2, forSeconds: 1 }],
  kills: [{ vm: 1, atSecond: 3, restartAfterSeconds: 1, clock: 'kept' }],
};

describe('injected faults', () => {
  let dir: { path: string; remove(): Promise<void> };
  let exitCode: number | undefined;
  let manifest: Manifest;
  let rows: CsvRow[][];
  let faultRows: Record<string, string>[];
  const elapsed = (row: CsvRow | undefined) => Number(row?.elapsed_ms);

  beforeAll(async () => {
    dir = await tempDir();
    const config = join(dir.path, 'faults.json');
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [20, 30, 40], durationSeconds: 6, seed: 3, faults }),
    );
    const out = join(dir.path, 'run');
    exitCode = (await launcher(['run', config, '--out', out], dir.path)).exitCode;
    manifest = await readManifest(out);
    rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
    faultRows = parse(await readFile(join(out, 'faults.csv'), 'utf8'), { columns: true });
  }, 120_000);
  afterAll(() => dir.remove());

  test('the run ends ok and every injected fault is logged in order', () => {
    expect(exitCode).toBe(0);
    expect(manifest.status).toBe('ok');
    expect(faultRows.map((f) => f.kind)).toEqual([
      'link-delay',
      'link-drop',
      'partition-start',
      'partition-end',
      'pause',
      'resume',
      'kill',
      'restart',
    ]);
    const at = (kind: string) => Number(faultRows.find((f) => f.kind === kind)?.elapsed_ms);
    expect(at('pause')).toBeGreaterThanOrEqual(2000);
    expect(at('kill')).toBeGreaterThanOrEqual(3000);
  });

  test('delay: no message is taken off a queue sooner than the smallest delay after it was sent', () => {
    const sentAt = new Map(
      rows
        .flat()
        .filter((r) => r.event === 'send')
        .map((r) => [r.msg_id, elapsed(r)]),
    );
    const receives = rows.flat().filter((r) => r.event === 'receive');
    expect(receives.length).toBeGreaterThan(20);
    for (const row of receives) expect(elapsed(row) - (sentAt.get(row.msg_id) ?? 0)).toBeGreaterThanOrEqual(5);
  });

  test('partition and drop: copies across the cut, and some 0 -> 1 copies, never arrive and are recorded', () => {
    const dropped = new Set(manifest.vms.flatMap((vm) => vm.dropped));
    for (const [vm, vmRows] of rows.entries()) {
      for (const send of vmRows.filter((r) => r.event === 'send' && elapsed(r) >= 1000 && elapsed(r) < 2000)) {
        for (const to of (send.peer ?? '').split(';').map(Number)) {
          if ((vm === 0) !== (to === 0)) expect(dropped.has(`${send.msg_id}>${to}`)).toBe(true);
        }
      }
    }
    expect(manifest.vms[0]?.droppedBy?.partition).toBeGreaterThan(0);
    expect(manifest.vms[0]?.droppedBy?.injectedDrop).toBeGreaterThan(0);
    const receivedAt1 = new Set(rows[1]?.filter((r) => r.event === 'receive').map((r) => r.msg_id));
    for (const copy of manifest.vms[0]?.dropped ?? []) {
      const [id, to] = copy.split('>');
      if (to === '1') expect(receivedAt1.has(id)).toBe(false);
    }
  });

  test('pause: the paused VM writes nothing while stopped, then catches up its ticks', () => {
    // A busy machine can only delay a fault: the VM was stopped by the time the launcher logged the pause, and not
    // resumed before the configured 3 s. Between the two it wrote nothing (1 ms: the launcher's clock resolution).
    const pausedAt = Number(faultRows.find((f) => f.kind === 'pause')?.elapsed_ms);
    const during = rows[2]?.filter((r) => elapsed(r) > pausedAt + 1 && elapsed(r) < 3000 - 1) ?? [];
    expect(during).toEqual([]);
    // Missed deadlines run back to back after the resume, so the count is exact whatever the load.
    expect(rows[2]?.length).toBe(40 * 6);
  });

  test('kill and restart: a gap in ticks, the clock kept, message ids continued, the VM done at the end', () => {
    const vm1 = rows[1] ?? [];
    const gap = vm1.findIndex((row, i) => i > 0 && Number(row.tick) !== Number(vm1[i - 1]?.tick) + 1);
    expect(gap).toBeGreaterThan(0);
    const before = vm1[gap - 1];
    const after = vm1[gap];
    // Against the instants the launcher logged for the kill and the restart, which a busy machine only delays.
    const killedAt = Number(faultRows.find((f) => f.kind === 'kill')?.elapsed_ms);
    const restartedAt = Number(faultRows.find((f) => f.kind === 'restart')?.elapsed_ms);
    expect(elapsed(before)).toBeLessThanOrEqual(killedAt + 1);
    expect(elapsed(after)).toBeGreaterThanOrEqual(restartedAt);
    expect(Number(after?.logical_clock)).toBeGreaterThan(Number(before?.logical_clock));
    expectLamportRows(vm1.slice(0, gap));
    const sends = vm1.filter((r) => r.event === 'send').map((r) => Number(r.msg_id?.split('-')[1]));
    expect(sends).toEqual(sends.map((_, i) => i + 1));
    expect(manifest.vms[1]).toMatchObject({ exit: 'done', ticks: vm1.length });
  });

  test('accounting: each copy is received once, queued at the stop, dropped, or lost with the killed VM', () => {
    const killAt = Number(faultRows.find((f) => f.kind === 'kill')?.elapsed_ms);
    const restartAt = Number(faultRows.find((f) => f.kind === 'restart')?.elapsed_ms);
    const settled = new Map<string, number>();
    const settle = (copy: string) => settled.set(copy, (settled.get(copy) ?? 0) + 1);
    rows.forEach((vmRows, vm) => {
      for (const r of vmRows.filter((row) => row.event === 'receive')) settle(`${r.msg_id}>${vm}`);
      for (const id of manifest.vms[vm]?.pendingAtStop ?? []) settle(`${id}>${vm}`);
    });
    for (const copy of manifest.vms.flatMap((vm) => vm.dropped)) settle(copy);
    for (const send of rows.flat().filter((r) => r.event === 'send')) {
      for (const to of (send.peer ?? '').split(';')) {
        const count = settled.get(`${send.msg_id}>${to}`) ?? 0;
        // A copy in flight to, or queued in, VM 1 when it was killed dies with it: only those may be missing.
        const diedWithVm1 = to === '1' && elapsed(send) > 0 && elapsed(send) < restartAt && killAt < restartAt;
        expect(count === 1 || (count === 0 && diedWithVm1)).toBe(true);
      }
    }
  });
});
