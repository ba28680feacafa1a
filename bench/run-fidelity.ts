/**
 * Tick fidelity of one finished run, from its CSVs: how late each tick's row was against its deadline k * 1000 / rate.
 *
 * Definitions (the count of ticks alone is no measure: a VM that falls behind catches up, so a run of D s at rate r
 * always has r * D ticks; what differs is when they ran):
 *   lateness    elapsed_ms - deadline, for every tick (the row's time stamp is taken at the start of the tick's work).
 *   on time     the share of the rate x duration ticks due whose row was stamped at most one period (1000 / rate ms)
 *               after its deadline: the headline figure. It counts ticks that fell behind and caught up.
 *   achieved    the rate kept over the run, (ticks - 1) / elapsed of the last tick, over the configured rate: a
 *               secondary figure, blind to lateness in the middle of a run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { Manifest } from '../run-folder/manifest.js';
import { type LatenessSummary, summarizeLateness } from './lateness-summary.js';

export type VmFidelity = LatenessSummary & {
  id: number;
  rate: number;
  /** achieved / configured rate over the run (see above). */
  achieved: number;
  /** Copies of messages this VM received (the manifest's `received`). */
  received: number;
  /** Ticks whose row was stamped inside the window asked for (elapsed ms since the start); all ticks without one. */
  ticksInWindow: number;
};

/** A stretch of the run in elapsed ms since the common start, e.g. the steady state the CPU was sampled over. */
export type ElapsedWindow = { fromMs: number; toMs: number };

const tickColumn = 1;
const elapsedColumn = 4;

export async function vmFidelity(
  dir: string,
  manifest: Manifest,
  id: number,
  window?: ElapsedWindow,
): Promise<VmFidelity> {
  const vm = manifest.vms.find((v) => v.id === id);
  if (vm === undefined) throw new Error(`manifest has no VM ${id}`);
  const rate = vm.clockRate;
  const periodMs = 1000 / rate;
  const durationS = manifest.config.durationSeconds / manifest.speed;
  const text = await readFile(join(dir, csvFileName(id)), 'utf8');
  const late: number[] = [];
  const ticks: number[] = [];
  let lastElapsed = 0;
  let ticksInWindow = 0;
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const cells = line.split(',');
    const tick = Number(cells[tickColumn]);
    const elapsed = Number(cells[elapsedColumn]);
    late.push(elapsed - tick * periodMs);
    ticks.push(tick);
    lastElapsed = elapsed;
    if (window === undefined || (elapsed >= window.fromMs && elapsed <= window.toMs)) ticksInWindow += 1;
  }
  return {
    id,
    rate,
    ...summarizeLateness(late, rate, durationS, ticks),
    achieved: late.length < 2 ? 0 : ((late.length - 1) * periodMs) / lastElapsed,
    received: vm.received,
    ticksInWindow,
  };
}

export function runFidelity(dir: string, manifest: Manifest, window?: ElapsedWindow): Promise<VmFidelity[]> {
  return Promise.all(manifest.vms.map((vm) => vmFidelity(dir, manifest, vm.id, window)));
}

/** The worst of each figure over the processes, each taken on its own; counts (ticks, late ones) are summed. */
export function worstOf<T extends LatenessSummary & { achieved?: number }>(vms: readonly T[]): T {
  const first = vms[0];
  if (first === undefined) throw new Error('no VMs');
  const min = (f: (v: T) => number) => Math.min(...vms.map(f));
  const max = (f: (v: T) => number) => Math.max(...vms.map(f));
  const sum = (f: (v: T) => number) => vms.reduce((total, v) => total + f(v), 0);
  return {
    ...first,
    ...(first.achieved === undefined ? {} : { achieved: min((v) => v.achieved ?? 0) }),
    onTimeShare: min((v) => v.onTimeShare),
    p50LateMs: max((v) => v.p50LateMs),
    p99LateMs: max((v) => v.p99LateMs),
    maxLateMs: max((v) => v.maxLateMs),
    ticks: sum((v) => v.ticks),
    onTime: sum((v) => v.onTime),
    lateEarly: sum((v) => v.lateEarly),
  };
}
