/** A real 3-VM run through the built CLI on ephemeral ports, judged by the CSVs and manifest it wrote. */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Manifest } from '../../run-folder/manifest.js';
import {
  type CsvRow,
  csvHeader,
  isAlive,
  launcher,
  projectRoot,
  readCsv,
  readManifest,
  tempDir,
} from './cli-harness.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

describe('launcher run: 3 VMs at 100-200 ticks/s for 3 s', () => {
  let dir: { path: string; remove(): Promise<void> };
  let result: Awaited<ReturnType<typeof launcher>>;
  let manifest: Manifest;
  const rowsByVm: CsvRow[][] = [];
  const headers: string[] = [];
  const runDir = () => join(dir.path, 'run');

  beforeAll(async () => {
    dir = await tempDir();
    const config = join(projectRoot, 'config/default.json');
    result = await launcher(
      ['run', config, '--out', runDir(), '--duration', '3', '--clock-rate', '100-200', '--seed', '11'],
      dir.path,
    );
    manifest = await readManifest(runDir());
    for (let vm = 0; vm < 3; vm++) {
      const csv = await readCsv(join(runDir(), `vm-${vm}.csv`));
      headers.push(csv.header);
      rowsByVm.push(csv.rows);
    }
  });
  afterAll(() => dir.remove());

  test('exits 0 and prints the summary table and the run folder', () => {
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^VM\s+rate\/s\s+ticks\s+sent\s+received/m);
    expect(result.stdout).toContain(`run folder: ${runDir()}`);
  });

  test('the run checks itself, says so, and writes summary.json', async () => {
    expect(result.stdout).toMatch(/^check: valid: /m);
    const summary = JSON.parse(await readFile(join(runDir(), 'summary.json'), 'utf8'));
    expect(summary.vms).toHaveLength(3);
  });

  test('each CSV has the exact header and one row per tick', () => {
    expect(headers).toEqual([csvHeader, csvHeader, csvHeader]);
    rowsByVm.forEach((rows, vm) => {
      expect(rows.length).toBe(manifest.vms[vm]?.ticks);
      expect(rows.every((row) => row.vm === String(vm))).toBe(true);
    });
  });

  test('tick counts are within 2% of rate x duration', () => {
    manifest.vms.forEach((vm, id) => {
      const expected = vm.clockRate * 3;
      expect(Math.abs((rowsByVm[id]?.length ?? 0) - expected)).toBeLessThanOrEqual(Math.ceil(expected * 0.02));
    });
  });

  test('ticks keep to their deadlines: tick k runs at or after k / rate', () => {
    manifest.vms.forEach((vm, id) => {
      for (const row of rowsByVm[id] ?? []) {
        expect(Number(row.elapsed_ms)).toBeGreaterThanOrEqual((Number(row.tick) * 1000) / vm.clockRate - 0.001);
      }
    });
  });

  test('clocks rise strictly and follow the Lamport rules on every row', () => {
    for (const rows of rowsByVm) expectLamportRows(rows);
  });

  test('every message is received exactly once or listed as pending at the stop', () => {
    expect(rowsByVm.flat().some((row) => row.event === 'receive')).toBe(true);
    expectEveryMessageAccounted(
      rowsByVm,
      manifest.vms.map((vm) => vm.pendingAtStop),
    );
  });

  test('the manifest is complete and agrees with the CSVs', () => {
    expect(manifest).toMatchObject({ status: 'ok', seed: 11, version: expect.any(String) });
    expect(manifest.runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{12}$/);
    expect(Date.parse(manifest.endedAt)).toBeGreaterThan(Date.parse(manifest.startedAt));
    expect(manifest.config.durationSeconds).toBe(3);
    manifest.vms.forEach((vm, id) => {
      const rows = rowsByVm[id] ?? [];
      expect(vm).toMatchObject({ id, exit: 'done', ticks: rows.length });
      expect(vm.clockRate).toBeGreaterThanOrEqual(100);
      expect(vm.clockRate).toBeLessThanOrEqual(200);
      expect(vm.port).toBeGreaterThan(0);
      expect(vm.sent).toBe(rows.filter((r) => r.event === 'send').length);
      expect(vm.received).toBe(rows.filter((r) => r.event === 'receive').length);
      expect(vm.finalClock).toBe(Number(rows.at(-1)?.logical_clock));
      // Every frame that arrived was timed: those taken off the queue and those still on it.
      expect(vm.latency?.count).toBe(vm.received + vm.pendingAtStop.length);
      expect(vm.latency?.p50Us).toBeGreaterThan(0);
    });
  });

  test('no VM process outlives the launcher', () => {
    for (const vm of manifest.vms) {
      expect(vm.pid).toEqual(expect.any(Number));
      expect(isAlive(vm.pid ?? 0)).toBe(false);
    }
  });
});
