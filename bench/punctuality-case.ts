/**
 * One punctuality case, measured: a real `launcher run` and, right after it, its bare reference (bare-reference.ts),
 * as many bare Node processes at the same rate behind the same kind of start barrier; each VM's and each process's
 * on-time share and lateness, their CPU, and for the early-target cases the first 100 ms of extra starts.
 */
import { rm } from 'node:fs/promises';
import { type BareProcess, bareReference } from './bare-reference.js';
import { extraStarts, type StartCount } from './extra-starts.js';
import { cpuCoresDuring, maxRssPerVm, runLauncher } from './launcher-run.js';
import { runFidelity, type VmFidelity, worstOf } from './run-fidelity.js';
import { synchronizedStalls } from './synchronized-stalls.js';

export type PunctualityCase = {
  machines: number;
  rate: number;
  seconds: number;
  /** Worst VM's on-time share at least this. */
  target: number;
  /** And at most this far (in share, 0.005 = 0.5 points) under the bare reference's worst process. */
  maxUnderReference?: number;
  /** No tick due in the first 100 ms after the common start may be late, in this run nor in its extra starts. */
  earlyTarget?: boolean;
};

export const punctualityCases: PunctualityCase[] = [
  { machines: 3, rate: 1000, seconds: 5, target: 0.99, maxUnderReference: 0.005 },
  { machines: 3, rate: 5000, seconds: 5, target: 0.97 },
  { machines: 32, rate: 100, seconds: 15, target: 0.995 },
  { machines: 64, rate: 100, seconds: 15, target: 0.99, earlyTarget: true },
];

export type PunctualityResult = {
  label: string;
  clocklab: { worst: VmFidelity; vms: VmFidelity[]; usPerTick: number; copiesPerS: number; cores: number };
  rssMaxMb: number;
  /** The launcher's last lines when the run's check failed (its timing figures still stand). */
  checkFailed: string | undefined;
  reference: { worst: BareProcess; processes: BareProcess[]; usPerTick: number; stallMoments: number };
  /** Late ticks in the first 100 ms of the extra starts (early-target cases only). */
  starts: StartCount[];
};

export const labelOf = (c: PunctualityCase) => `${c.machines} VMs x ${c.rate}/s (${c.seconds} s)`;

export async function punctualityCase(c: PunctualityCase, dir: string): Promise<PunctualityResult> {
  // The default event mix (eventRange 10): 1-2 send to one peer, 3 to all, the rest internal.
  const config = {
    machines: c.machines,
    clockRates: Array(c.machines).fill(c.rate),
    eventRange: 10,
    durationSeconds: c.seconds,
    seed: 11,
  };
  const run = await runLauncher(config, dir, 250, true);
  try {
    // CPU in the steady state, the first and last half second left out, over the ticks that ran in it (a VM that
    // fell behind ran fewer than rate x window).
    const window = { fromMs: 500, toMs: c.seconds * 1000 - 500 };
    const vms = await runFidelity(run.dir, run.manifest, window);
    const start = run.manifest.startEpochMs ?? Number.NaN;
    const cores = cpuCoresDuring(run, start + window.fromMs, start + window.toMs);
    const ticksInWindow = vms.reduce((sum, vm) => sum + vm.ticksInWindow, 0);
    const received = vms.reduce((sum, vm) => sum + vm.received, 0);
    const processes = await bareReference(c.machines, c.rate, c.seconds);
    const starts = c.earlyTarget ? await extraStarts(c, config, dir) : [];
    const bareCpuUs = processes.reduce((sum, p) => sum + p.cpuUs, 0);
    const bareTicks = processes.reduce((sum, p) => sum + p.ticks, 0);
    return {
      label: labelOf(c),
      clocklab: {
        worst: worstOf(vms),
        vms,
        usPerTick: (cores * (window.toMs - window.fromMs) * 1000) / Math.max(1, ticksInWindow),
        copiesPerS: received / c.seconds,
        cores,
      },
      rssMaxMb: Math.max(0, ...maxRssPerVm(run)) / 1024,
      checkFailed: run.checkFailed,
      reference: {
        worst: worstOf(processes),
        processes,
        usPerTick: bareCpuUs / Math.max(1, bareTicks),
        stallMoments: synchronizedStalls(processes).count,
      },
      starts,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
