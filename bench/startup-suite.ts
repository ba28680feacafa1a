/**
 * Step 4, start-up: from spawning `node dist/bin/launcher.js run CONFIG` to the common start instant
 * (manifest.startEpochMs, when every VM runs tick 0), 3 VMs, 5 runs one after another; the median is the figure.
 * startEpochMs includes the launcher's fixed lead time (start message -> tick 0), as a user waits through it too.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { runLauncher } from './launcher-run.js';
import type { BenchRow } from './result-table.js';
import { fmtMs, median } from './stats.js';

const repeats = 5;
const targetMs = 350;

export type StartupResult = { launchToStartMs: number[]; launchToFirstRowMs: number[]; medianMs: number };

export async function startupSuite(workDir: string, log: (line: string) => void) {
  const launchToStartMs: number[] = [];
  const launchToFirstRowMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    log(`startup: run ${i + 1} of ${repeats} (3 VMs)`);
    const dir = join(workDir, `startup-${i}`);
    try {
      const config = { machines: 3, clockRates: [1, 3, 6], durationSeconds: 1, seed: 5 + i };
      const run = await runLauncher(config, dir, 50);
      const start = run.manifest.startEpochMs ?? Number.NaN;
      launchToStartMs.push(start - run.spawnEpochMs);
      const firstRows = await Promise.all(run.manifest.vms.map((vm) => tickZeroElapsed(run.dir, vm.id)));
      launchToFirstRowMs.push(start + Math.max(...firstRows) - run.spawnEpochMs);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const result: StartupResult = { launchToStartMs, launchToFirstRowMs, medianMs: median(launchToStartMs) };
  const rows: BenchRow[] = [
    {
      metric: 'start-up: launcher run -> first tick, 3 VMs (median of 5)',
      figure: `${fmtMs(result.medianMs, 0)} (runs: ${launchToStartMs.map((ms) => ms.toFixed(0)).join(', ')})`,
      target: `<= ${targetMs} ms`,
      pass: result.medianMs <= targetMs,
    },
    {
      metric: 'start-up: launcher run -> last VM wrote tick 0 (median)',
      figure: fmtMs(median(launchToFirstRowMs), 0),
      target: 'report',
      pass: undefined,
    },
  ];
  return { rows, result };
}

async function tickZeroElapsed(dir: string, id: number): Promise<number> {
  const text = await readFile(join(dir, csvFileName(id)), 'utf8');
  return Number(text.split('\n')[1]?.split(',')[4] ?? Number.NaN);
}
