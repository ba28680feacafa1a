/**
 * The machine a VM runs: its random stream is its own, drawn from the run's seed; a VM restarted by the launcher
 * continues from the clock, sends and vector it had when it was killed.
 */
import { Machine } from '../model/machine.js';
import { seededRandom, vmStream } from '../shared/seeded-random.js';
import type { VmSpec } from '../shared/vm-spec.js';

export function vmMachine(spec: Pick<VmSpec, 'id' | 'machines' | 'eventRange' | 'seed' | 'restart'>): Machine {
  const machine = new Machine(spec.id, spec.machines, spec.eventRange, seededRandom(spec.seed, vmStream(spec.id)));
  if (spec.restart !== undefined) {
    machine.clock = spec.restart.clock;
    machine.sends = spec.restart.sends;
    machine.vector = spec.restart.vector;
  }
  return machine;
}
