/**
 * Tick fidelity of one finished run, from its CSVs: how late each tick's row was against its deadline k * 1000 / rate.
 *
 * Definitions (the count of ticks alone is no measure: a VM that falls behind catches up, so a run of D s at rate r
 * always has r * D ticks; what differs is when they ran):
 *   lateness    elapsed_ms - deadline, for every tick (the row's time stamp is taken after the tick's work).
 *   achieved    the rate kept over the run, (ticks - 1) / elapsed of the last tick, over the configured rate: the
 *               issue's "achieved / configured rate". A VM still catching up at the stop scores below 100%.
 *   on time     the share of ticks whose row was written at or before deadline + one period (1000 / rate ms):
 *               stricter, it also counts ticks that were late and caught up in the middle of a run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { Manifest } from '../run-folder/manifest.js';
import { percentile } from './stats.js';

export type VmFidelity = {
  id: number;
  rate: number;
  ticks: number;
  onTime: number;
  /** achieved / configured rate over the run (see above). */
  achieved: number;
  /** on-time ticks / (rate x duration). */
  onTimeShare: number;
  p50LateMs: number;
  p99LateMs: number;
  maxLateMs: number;
};

const tickColumn = 1;
const elapsedColumn = 4;

export async function vmFidelity(dir: string, manifest: Manifest, id: number): Promise<VmFidelity> {
  const vm = manifest.vms.find((v) => v.id === id);
  if (vm === undefined) throw new Error(`manifest has no VM ${id}`);
  const rate = vm.clockRate;
  const periodMs = 1000 / rate;
  const durationS = manifest.config.durationSeconds / manifest.speed;
  const text = await readFile(join(dir, csvFileName(id)), 'utf8');
  const late: number[] = [];
  let lastElapsed = 0;
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const cells = line.split(',');
    const tick = Number(cells[tickColumn]);
    const elapsed = Number(cells[elapsedColumn]);
    late.push(elapsed - tick * periodMs);
    lastElapsed = elapsed;
  }
  const onTime = late.filter((ms) => ms <= periodMs).length;
  const ticks = late.length;
  return {
    id,
    rate,
    ticks,
    onTime,
    achieved: ticks < 2 ? 0 : ((ticks - 1) * periodMs) / lastElapsed,
    onTimeShare: onTime / (rate * durationS),
    p50LateMs: percentile(late, 50),
    p99LateMs: percentile(late, 99),
    maxLateMs: Math.max(...late),
  };
}

export function runFidelity(dir: string, manifest: Manifest): Promise<VmFidelity[]> {
  return Promise.all(manifest.vms.map((vm) => vmFidelity(dir, manifest, vm.id)));
}

/** The worst figure of any VM, each taken on its own (the VM with the worst p99 need not have the lowest fidelity). */
export function worstOf(vms: readonly VmFidelity[]): VmFidelity {
  const first = vms[0];
  if (first === undefined) throw new Error('no VMs');
  const min = (f: (v: VmFidelity) => number) => Math.min(...vms.map(f));
  const max = (f: (v: VmFidelity) => number) => Math.max(...vms.map(f));
  return {
    ...first,
    achieved: min((v) => v.achieved),
    onTimeShare: min((v) => v.onTimeShare),
    p50LateMs: max((v) => v.p50LateMs),
    p99LateMs: max((v) => v.p99LateMs),
    maxLateMs: max((v) => v.maxLateMs),
  };
}
