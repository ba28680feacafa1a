/** Every VM's rows of a run folder as typed columns, with the manifest facts they are read against. */
import { join } from 'node:path';
import { hasCommonStop } from '../analysis/tick-budget.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import { readRun } from '../run-folder/read-run.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { readVmEvents } from './read-vm-events.js';
import type { VmEvents } from './vm-events.js';

export type RunEvents = {
  facts: RunFacts;
  vms: VmEvents[];
  /** Every VM that logged rows has a vector_clock column (the causal highlight needs all of them). */
  hasVectorClocks: boolean;
  /** Real ms the charts span: to the run's end (plannedEndMs), or the last row if a VM logged past it. */
  endMs: number;
};

export async function readRunEvents(runDir: string): Promise<{ ok: true; run: RunEvents } | Unreadable> {
  const manifest = await readRun(runDir);
  if (!manifest.ok) return manifest;
  const facts = manifest.facts;
  const vms: VmEvents[] = [];
  for (let vm = 0; vm < facts.machines; vm++) {
    const events = await readVmEvents(join(runDir, csvFileName(vm)), vm, facts.machines);
    if ('reason' in events) return events;
    vms.push(events);
  }
  const logged = vms.filter((vm) => vm.rows > 0);
  const lastRowMs = Math.max(0, ...logged.map((vm) => vm.elapsedMs[vm.rows - 1] ?? 0));
  return {
    ok: true,
    run: {
      facts,
      vms,
      hasVectorClocks: logged.length > 0 && logged.every((vm) => vm.vectorClock !== null),
      endMs: Math.max(lastRowMs, plannedEndMs(facts)),
    },
  };
}

/**
 * Where the run's time axis ends (real ms): a run stopped by a signal at its stop; one with no common stop (failed)
 * where its last VM stopped, when the manifest records every VM's stop; else the end it was planned to run to.
 */
function plannedEndMs(facts: RunFacts): number {
  const stops = facts.vms.map((vm) => vm?.stopElapsedMs);
  if (!hasCommonStop(facts) && stops.length > 0 && stops.every((stop) => stop !== undefined)) {
    return Math.max(...(stops as number[]));
  }
  return (facts.stoppedAtMs ?? facts.durationSeconds * 1000) / facts.speed;
}

/** Ticks per real second of VM `vm` (the manifest's clockRates are per experiment second). */
export const realRate = (facts: RunFacts, vm: number): number => (facts.clockRates[vm] ?? 0) * facts.speed;
