/**
 * Message latency as the VMs themselves measure it: each VM stamps the frames it sends and records, per frame, the
 * arrival in its network queue minus that stamp (manifest `vms[].latency`: count, p50Us, p99Us, maxUs). A real
 * `launcher run` of 3 VMs at 1000/s for 10 s; the figure is the worst VM's (percentiles of separate VMs cannot be
 * pooled). Builds whose manifest has no latency yet give `undefined`.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runLauncher } from './launcher-run.js';

export type VmLatency = { label: string; frames: number; p50Us: number; p99Us: number; maxUs: number; perVm: string };

type LatencyFigures = { count: number; p50Us: number; p99Us: number; maxUs: number };

export async function latencyMeasuredByVms(workDir: string): Promise<VmLatency | undefined> {
  const dir = join(workDir, 'in-vm');
  try {
    const config = { machines: 3, clockRates: [1000, 1000, 1000], durationSeconds: 10, seed: 7 };
    const run = await runLauncher(config, dir);
    const figures = run.manifest.vms.map((vm) => (vm as { latency?: LatencyFigures }).latency);
    if (figures.some((f) => f === undefined)) return undefined;
    const all = figures as LatencyFigures[];
    return {
      label: '3 VMs @ 1000/s, measured by the VMs (worst VM)',
      frames: all.reduce((sum, f) => sum + f.count, 0),
      p50Us: Math.max(...all.map((f) => f.p50Us)),
      p99Us: Math.max(...all.map((f) => f.p99Us)),
      maxUs: Math.max(...all.map((f) => f.maxUs)),
      perVm: all.map((f) => `${f.p50Us}/${f.p99Us}`).join(', '),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
