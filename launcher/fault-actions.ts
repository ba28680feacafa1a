/**
 * What the fault schedule (model/fault-schedule.ts) does to a run's VM processes: a pause is SIGSTOP, its end
 * SIGCONT; an injected kill is marked expected before its SIGKILL, so its exit does not fail the run; a restart
 * brings the VM back (vm-restarts.ts); each fault is recorded as it acts.
 */
import type { FaultActions } from '../model/fault-schedule.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { VmFleet } from './vm-fleet.js';
import type { VmLives } from './vm-lives.js';
import type { VmRestarts } from './vm-restarts.js';

export type FaultTargets = {
  fleet: VmFleet;
  lives: VmLives;
  restarts: VmRestarts;
  onFault(event: FaultEvent): void;
};

export function processFaultActions({ fleet, lives, restarts, onFault }: FaultTargets): FaultActions {
  return {
    pause: (vm: number, forMs: number) => fleet.signal(vm, 'SIGSTOP', { pauseMs: forMs }),
    resume: (vm: number) => fleet.signal(vm, 'SIGCONT'),
    kill: (vm: number) => {
      lives.killing(vm);
      fleet.signal(vm, 'SIGKILL');
    },
    restart: (vm: number, clock: 'kept' | 'reset') => restarts.restart(vm, clock),
    record: (event: FaultEvent) => onFault(event),
  };
}
