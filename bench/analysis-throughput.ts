/**
 * Benchmark (not a test): how fast analyzeRun streams a large run. Writes a valid synthetic run folder
 * (synthetic-run.ts) into a temp dir, times one analyzeRun over it, and removes the folder. Beside the wall time it
 * records the process's CPU time over the same span (user + system, worker threads included): on a shared machine
 * the wall time moves with the neighbours' load, the CPU time much less.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRun } from '../analysis/analyze-run.js';
import { writeSyntheticRun } from './synthetic-run.js';

export type ThroughputResult = { rows: number; seconds: number; rowsPerSecond: number; cpuSeconds: number };

/** `analysisThroughput()` is the bench step: 1,000,000 rows over 3 VMs. */
export async function analysisThroughput(rows = 1_000_000, machines = 3): Promise<ThroughputResult> {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-bench-'));
  try {
    const written = await writeSyntheticRun(dir, { rows, machines, seed: 1 });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await analyzeRun(dir);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (!result.ok) throw new Error(`synthetic run unreadable: ${result.detail}`);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return { rows: written.rows, seconds, rowsPerSecond: written.rows / seconds, cpuSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
