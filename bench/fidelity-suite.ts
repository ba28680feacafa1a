/**
 * Step 2, tick fidelity with 3 VMs at the slow rates, 1, 6 and 100 ticks/s: they need long runs to mean anything,
 * and together use a few percent of one core, so they run at the same time. (1000/s, 5000/s and the 32 and 64 VM
 * cases are the punctuality step, each beside its bare reference.)
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runLauncher } from './launcher-run.js';
import { type BenchRow, failedRow } from './result-table.js';
import { runFidelity, type VmFidelity, worstOf } from './run-fidelity.js';
import { fmtMs, fmtPct } from './stats.js';

type Case = { rate: number; seconds: number; target: number | undefined };

const groups: Case[][] = [
  [
    { rate: 1, seconds: 30, target: undefined },
    { rate: 6, seconds: 30, target: undefined },
    { rate: 100, seconds: 30, target: undefined },
  ],
];

export type FidelityResult = { rate: number; seconds: number; worst: VmFidelity; vms: VmFidelity[] };

export async function fidelitySuite(workDir: string, log: (line: string) => void) {
  const results: FidelityResult[] = [];
  const rows: BenchRow[] = [];
  for (const group of groups) {
    log(`fidelity: ${group.map((c) => `${c.rate}/s for ${c.seconds} s`).join(', ')} (3 VMs each, concurrently)`);
    const done = await Promise.allSettled(group.map((c) => fidelityCase(c, join(workDir, `fidelity-${c.rate}`))));
    done.forEach((outcome, i) => {
      const c = group[i];
      if (c === undefined) return;
      if (outcome.status === 'fulfilled') {
        results.push(outcome.value);
        rows.push(fidelityRow(outcome.value, c.target));
      } else rows.push(failedRow(`tick fidelity, 3 VMs @ ${c.rate}/s`, outcome.reason));
    });
  }
  return { rows, results };
}

async function fidelityCase(c: Case, dir: string): Promise<FidelityResult> {
  const config = { machines: 3, clockRates: [c.rate, c.rate, c.rate], durationSeconds: c.seconds, seed: 7 };
  const run = await runLauncher(config, dir);
  try {
    const vms = await runFidelity(run.dir, run.manifest);
    return { rate: c.rate, seconds: c.seconds, worst: worstOf(vms), vms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fidelityRow(r: FidelityResult, target: number | undefined): BenchRow {
  const w = r.worst;
  const figure =
    `${fmtPct(w.onTimeShare, 2)} (worst VM); p99 late ${fmtMs(w.p99LateMs)}, max ${fmtMs(w.maxLateMs, 1)}; ` +
    `achieved ${fmtPct(w.achieved, 3)}`;
  return {
    metric: `on time, 3 VMs x ${r.rate}/s (${r.seconds} s)`,
    figure,
    target: target === undefined ? 'report' : `>= ${fmtPct(target, 1)}`,
    pass: target === undefined ? undefined : w.onTimeShare >= target,
  };
}
