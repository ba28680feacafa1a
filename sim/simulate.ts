/**
 * The simulation engine: every VM of a run in one process, on a virtual clock. Each tick runs at its deadline
 * k * 1000 / rate (real ms after the start) plus a drawn wake-up lateness (wake-model.ts); each copy a send makes
 * reaches its peer's network queue after a transit time drawn from the seeded latency model (never overtaking an
 * earlier copy of its link); injected faults act through the launcher's own fault schedule on a virtual timer.
 * Same plan, same events in the same order: the rows are identical, byte for byte, on every run.
 *
 * An interrupt (Ctrl-C), or a VM failing, stops it as it stops VM processes: at one instant of virtual time, paused
 * VMs resumed, no tick due after it (a tick due before it may still wake just after it) and no fault after it,
 * every copy already on its way delivered into its VM's queue (pending at the stop). The loop yields to the event
 * loop at least every `yieldAfterMs` of wall time so that a signal is heard soon, even with trials running side by
 * side in one process, each holding the loop in its turn.
 */
import { csvLine } from '../model/csv-row.js';
import { scheduleFaults } from '../model/fault-schedule.js';
import { maxQueued } from '../model/machine.js';
import { vmFaultSpec } from '../model/vm-faults.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import { stopToleranceMs } from '../shared/stop-tolerance.js';
import { EventQueue } from './event-queue.js';
import { simFaultActions, virtualTimer } from './sim-faults.js';
import { SimNetwork } from './sim-network.js';
import type { RowSink, SimPlan, SimResult } from './sim-plan.js';
import { type Copy, SimVm } from './sim-vm.js';
import { SystemTime } from './system-time.js';
import { vmWakeDraws } from './wake-model.js';

type SimEvent =
  | { kind: 'tick'; vm: number; life: number }
  | { kind: 'copy'; copy: Copy }
  | { kind: 'timer'; run(): void };

/** How often the loop looks at the wall clock (events), and how long it may hold the event loop (ms). */
const lookEvery = 1 << 10;
const yieldAfterMs = 10;

export async function simulate(plan: SimPlan, sink: RowSink | undefined): Promise<SimResult> {
  const { machines, durationMs } = plan;
  let stopAt = durationMs - stopToleranceMs;
  let interrupted = false;
  /** The run was cut short (an interrupt or a failure): no tick past `stopAt`, no fault any more. */
  let cutShort = false;
  const agenda = new EventQueue<SimEvent>();
  const vms = plan.realRates.map(
    (rate, id) =>
      new SimVm({
        id,
        machines,
        rate,
        eventRange: plan.eventRange,
        seed: plan.seed,
        faults: vmFaultSpec(plan.faults, id, machines, plan.speed),
        latencyFigures: plan.latencyFigures,
      }),
  );
  const faultEvents: FaultEvent[] = [];
  const queueBound = plan.queueBound ?? maxQueued(machines);
  let failure: string | undefined;
  let now = 0;
  let ticks = 0;
  const systemTime = new SystemTime(plan.epochMs);
  const deadline = (vm: SimVm, k: number) => (k * 1000) / vm.setup.rate;
  const wakes = plan.wake === undefined ? [] : vmWakeDraws(plan.wake, plan.realRates, plan.seed);
  const armTick = (vm: SimVm) => {
    const due = deadline(vm, vm.nextTick);
    if (due >= stopAt) return;
    const late = wakes[vm.setup.id]?.lateMs() ?? 0;
    agenda.push(Math.max(due + late, now), { kind: 'tick', vm: vm.setup.id, life: vm.life });
  };

  const network = new SimNetwork(vms, {
    latency: plan.latency,
    seed: plan.seed,
    queueBound,
    schedule: (at, copy) => agenda.push(at, { kind: 'copy', copy }),
    overflow: (vm) => {
      if (failure !== undefined) return;
      failure = `VM ${vm.setup.id} holds over ${queueBound} queued messages (its memory bound); run stopped`;
      // As a VM process fails: it ends, what it held is lost with it, and the others stop at one instant.
      vm.failedWith = 'failed (queue over its memory bound)';
      vm.kill(now);
      cut();
    },
  });

  const tick = (vm: SimVm) => {
    if (vm.paused) {
      vm.owesTick = true;
      return;
    }
    const outcome = vm.machine.tick(now);
    // The row first, as the VM process writes it before its message leaves.
    sink?.(
      vm.setup.id,
      csvLine(vm.setup.id, { tick: vm.nextTick, systemTime: systemTime.at(now), elapsedMs: now }, outcome),
    );
    if (outcome.event === 'send') network.send(vm, outcome, now);
    vm.stats.record(outcome);
    vm.ticks += 1;
    ticks += 1;
    vm.nextTick += 1;
    armTick(vm);
  };

  const actions = simFaultActions({
    vms,
    network,
    now: () => now,
    armTick,
    record: (event) => faultEvents.push(event),
  });
  /** Every deadline up to this instant runs, on every VM alike: one cut across the whole run; copies keep landing. */
  const cut = () => {
    cutShort = true;
    stopAt = Math.min(stopAt, now + stopToleranceMs);
    for (const vm of vms) actions.resume(vm.setup.id);
  };

  for (const vm of vms) armTick(vm);
  const timer = virtualTimer(
    () => now,
    (at, run) => agenda.push(at, { kind: 'timer', run }),
  );
  scheduleFaults(plan.faults, plan.speed, 0, actions, timer);

  let handled = 0;
  let heldSince = performance.now();
  for (let event = agenda.pop(); event !== undefined; event = agenda.pop()) {
    now = agenda.time;
    switch (event.kind) {
      case 'tick': {
        const vm = vms[event.vm] as SimVm;
        if (vm.alive && event.life === vm.life && deadline(vm, vm.nextTick) < stopAt) tick(vm);
        break;
      }
      case 'copy':
        network.arrive(event.copy, now);
        break;
      case 'timer':
        if (!cutShort) event.run();
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown simulation event ${JSON.stringify(never)}`);
      }
    }
    handled += 1;
    if (
      plan.interrupt !== undefined &&
      handled % lookEvery === 0 &&
      !cutShort &&
      performance.now() - heldSince >= yieldAfterMs
    ) {
      await new Promise((resume) => setImmediate(resume));
      heldSince = performance.now();
      // Past the stop instant no tick is left to cut, only copies landing: the run is whole, not interrupted.
      if (plan.interrupt.aborted && now < stopAt) {
        interrupted = true;
        cut();
      }
    }
  }
  const deliveries = network.deliveries;
  return {
    ...{ vms, faultEvents, ticks, deliveries, interrupted },
    ...(failure === undefined ? {} : { failure }),
    ...(cutShort ? { cutAtMs: stopAt } : {}),
  };
}
