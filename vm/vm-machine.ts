/**
 * The machine a VM runs: its random stream is its own, drawn from the run's seed; a VM restarted by the launcher
 * continues from the clock, sends and vector it had when it was killed.
 */
import { Machine } from '../model/machine.js';
import { seededRandom, vmStream } from '../shared/seeded-random.js';
import type { VmRestart, VmSpec } from '../shared/vm-spec.js';

export function vmMachine(spec: Pick<VmSpec, 'id' | 'machines' | 'eventRange' | 'seed' | 'restart'>): Machine {
  const machine = new Machine(spec.id, spec.machines, spec.eventRange, seededRandom(spec.seed, vmStream(spec.id)));
  if (spec.restart !== undefined) {
    machine.clock = spec.restart.clock;
    machine.sends = spec.restart.sends;
    machine.vector = spec.restart.vector;
    // Numbers go on from the highest its CSV holds; those an earlier life passed over are no send (skippedNumbers).
    const last = spec.restart.lastNumber ?? 0;
    if (last > machine.sends) {
      machine.skippedNumbers = last - machine.sends;
      machine.sends = last;
    }
  }
  return machine;
}

/**
 * A restarted life whose earlier life left rows on its host (VmRestart.aboveKeptRows): those rows ran at ticks
 * before `firstTick`, this life's first, and a VM's n-th send and n-th event come at its tick n - 1 or later, so no
 * number or own vector entry they hold is above the tick a life began at after them. Going past it, this life reuses
 * none; check takes the rise at its first row and first send (analysis/row-rules.ts, send-numbering.ts).
 */
export function goPastKeptRows(machine: Machine, restart: VmRestart | undefined, firstTick: number): void {
  const above = restart?.aboveKeptRows;
  if (above !== undefined) machine.goPast(above === 'first-tick' ? firstTick : above);
}
