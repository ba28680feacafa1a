/** Three VMs started by hand, as a user would in three terminals: no launcher, fixed ports, their own agreement. */

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { type CsvRow, csvHeader, launcherBin, readCsv, tempDir, track, vmBin } from './cli-harness.js';
import { freeBasePort } from './free-ports.js';
import { expectEveryMessageAccounted, expectLamportRows } from './run-assertions.js';

describe('VMs run by hand, one process each', () => {
  let dir: { path: string; remove(): Promise<void> };
  const rowsByVm: CsvRow[][] = [];
  const pendingByVm: string[][] = [];
  const startsByVm: unknown[] = [];
  const exitCodes: (number | undefined)[] = [];
  const rates = [40, 70, 100];

  beforeAll(async () => {
    dir = await tempDir();
    const basePort = await freeBasePort();
    const config = join(dir.path, 'by-hand.json');
    await writeFile(
      config,
      JSON.stringify({
        machines: 3,
        clockRates: rates,
        durationSeconds: 2,
        seed: 3,
        network: { host: '127.0.0.1', basePort },
      }),
    );
    const out = join(dir.path, 'logs');
    // VM 2 goes through `launcher vm`, the others through the plain VM entry; they start at different moments.
    const vms = [
      track(execaNode(vmBin, ['--id', '0', '--config', config, '--out', out], { reject: false })),
      track(execaNode(vmBin, ['--id', '1', '--config', config, '--out', out, '--verbose'], { reject: false })),
      track(execaNode(launcherBin, ['vm', '--id', '2', config, '--out', out], { reject: false })),
    ];
    const results = await Promise.all(vms);
    for (let vm = 0; vm < 3; vm++) {
      exitCodes.push(results[vm]?.exitCode);
      const csv = await readCsv(join(out, `vm-${vm}.csv`));
      expect(csv.header).toBe(csvHeader);
      rowsByVm.push(csv.rows);
      const stats = JSON.parse(await readFile(join(out, `vm-${vm}.json`), 'utf8'));
      pendingByVm.push(stats.stats.pendingAtStop);
      startsByVm.push(stats.startEpochMs);
    }
    expect(results[1]?.stdout).toMatch(/^vm1 tick 0 at 0\.\d{3}s clock 1 \(\+1\)/m);
  });
  afterAll(() => dir.remove());

  test('every VM exits 0 and ticks its own rate for the agreed duration', () => {
    expect(exitCodes).toEqual([0, 0, 0]);
    for (const [vm, rows] of rowsByVm.entries()) expect(rows.length).toBe((rates[vm] ?? 0) * 2);
  });

  test('they agreed on one start instant, and no VM ticked before it', () => {
    for (const rows of rowsByVm) expect(Number(rows[0]?.elapsed_ms)).toBeGreaterThanOrEqual(0);
    // Each row gives the start instant the VM used: its system time less its elapsed time. A busy machine can only
    // delay the system time, so each VM's earliest value is its start instant, to the millisecond of system_time.
    // How late the first ticks ran is a timing figure: the bench measures it.
    const starts = rowsByVm.map((rows) =>
      Math.min(...rows.map((row) => Date.parse(row.system_time ?? '') - Number(row.elapsed_ms))),
    );
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThanOrEqual(2);
    // Each vm-K.json records that instant as agreed (epoch ms): the same in all three, at most 2 ms before each
    // VM's earliest row start (system_time's millisecond, the VM's own reading of the wall clock).
    const agreed = startsByVm[0];
    expect(startsByVm).toEqual([agreed, agreed, agreed]);
    for (const start of starts) expect(start - Number(agreed)).toBeGreaterThanOrEqual(-2);
    for (const start of starts) expect(start - Number(agreed)).toBeLessThanOrEqual(2);
  });

  test('Lamport rules hold and every message is accounted for', () => {
    for (const rows of rowsByVm) expectLamportRows(rows);
    expectEveryMessageAccounted(rowsByVm, pendingByVm);
  });
});
