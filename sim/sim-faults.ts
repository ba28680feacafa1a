/**
 * Injected faults in virtual time: what the launcher's fault schedule does to VM processes (pause, resume, kill,
 * restart), done to the simulated VMs, and the timer the schedule runs on, whose timers are events on the agenda.
 */
import type { FaultActions } from '../model/fault-schedule.js';
import { rejoinTick } from '../model/rejoin-tick.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { SimNetwork } from './sim-network.js';
import type { SimVm } from './sim-vm.js';

export type FaultWorld = {
  vms: readonly SimVm[];
  network: SimNetwork;
  now(): number;
  /** Puts the VM's next tick on the agenda (if it is due before the stop). */
  armTick(vm: SimVm): void;
  record(event: FaultEvent): void;
};

export function simFaultActions({ vms, network, now, armTick, record }: FaultWorld): FaultActions {
  return {
    pause: (id) => {
      const vm = vms[id] as SimVm;
      if (vm.alive) vm.paused = true;
    },
    resume: (id) => {
      const vm = vms[id] as SimVm;
      if (!vm.paused) return;
      vm.paused = false;
      // What the kernel held arrives first, then the missed ticks run back to back at this instant.
      const held = vm.held;
      vm.held = [];
      for (const copy of held) network.arrive(copy, now());
      if (vm.owesTick) {
        vm.owesTick = false;
        armTick(vm);
      }
    },
    kill: (id) => {
      const vm = vms[id] as SimVm;
      if (!vm.alive) return;
      vm.kill(now());
      for (const other of vms) if (other.alive && other !== vm) other.stats.lostPeers.add(id);
    },
    restart: (id, clock) => {
      const vm = vms[id] as SimVm;
      if (vm.alive) return;
      // It rejoins the running schedule: the deadlines it was down for are skipped.
      vm.restart(clock, rejoinTick(now(), vm.setup.rate), now());
      armTick(vm);
    },
    record,
  };
}

/** Timers on the virtual clock: `push` puts a timer's run on the agenda at its virtual time. */
export function virtualTimer(now: () => number, push: (at: number, run: () => void) => void): TimerPort {
  return {
    now,
    setTimer: (run, ms) => {
      let live = true;
      // At least one step of the float past now, so a fault due "a hair later" can never re-arm forever.
      const at = Math.max(now() + ms, now() + Math.abs(now()) * Number.EPSILON, Number.MIN_VALUE);
      push(at, () => live && run());
      return {
        cancel: () => {
          live = false;
        },
      };
    },
    setImmediate: (run) => push(now(), run),
  };
}
