/**
 * The simulation engine: every VM of a run in one process, on a virtual clock. Each tick runs exactly at its
 * deadline k * 1000 / rate (real ms after the start); each copy a send makes reaches its peer's network queue after
 * a transit time drawn from the seeded latency model (never overtaking an earlier copy of its link); injected
 * faults act through the launcher's own fault schedule on a virtual timer. Same plan, same events in the same order:
 * the rows are identical, byte for byte, on every run.
 *
 * An interrupt (Ctrl-C), or a VM failing, stops it as it stops VM processes: at one instant of virtual time, paused VMs resumed, no
 * tick and no fault after it, every copy already on its way delivered into its VM's queue (pending at the stop).
 * The loop yields to the event loop every `yieldEvery` events so that a signal can be heard at all.
 */
import type { FaultConfig } from '../config/fault-config.js';
import { csvLine } from '../model/csv-row.js';
import { scheduleFaults } from '../model/fault-schedule.js';
import { maxQueued, type TickOutcome } from '../model/machine.js';
import { vmFaultSpec } from '../model/vm-faults.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import { seededRandom, vmStream } from '../shared/seeded-random.js';
import { EventQueue } from './event-queue.js';
import { type LatencyModel, type LatencyParams, shiftedLogNormal } from './latency-model.js';
import { type Copy, SimVm } from './sim-vm.js';

export type SimPlan = {
  machines: number;
  /** Ticks per real second, per VM (the config's rates x speed). */
  realRates: readonly number[];
  eventRange: number;
  seed: number;
  durationMs: number;
  speed: number;
  faults: FaultConfig | undefined;
  latency: LatencyParams;
  /** Epoch ms of the virtual start: `system_time` = epoch + elapsed. */
  epochMs: number;
  /** Keep each VM's latency histogram (400 KB a VM): off for very large benches. */
  latencyFigures: boolean;
  /** Messages a VM may hold in its queues before the run fails, as a VM process's does (default maxQueued). */
  queueBound?: number;
  /** Aborted: stop at the virtual instant reached (see above). */
  interrupt?: AbortSignal;
};

/** Where rows go: `line` is one CSV row with its newline, exactly as the VM process writes it. */
export type RowSink = (vm: number, line: string) => void;

export type SimResult = {
  vms: SimVm[];
  faultEvents: FaultEvent[];
  ticks: number;
  deliveries: number;
  /** Why the run stopped before its end (a VM's queue passed its bound), as a VM process fails it. */
  failure?: string;
  /** Stopped early by the plan's interrupt signal. */
  interrupted: boolean;
};

type SimEvent =
  | { kind: 'tick'; vm: number; life: number }
  | { kind: 'copy'; copy: Copy }
  | { kind: 'timer'; run(): void };

/** The latency model draws from its own streams: changing it never shifts a VM's event or fault draws. */
const latencyStream = (seed: number) => (seed ^ 0x2545f491) >>> 0;
const stopToleranceMs = 0.001;
const yieldEvery = 1 << 15;
const millisText = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, '0'));

export async function simulate(plan: SimPlan, sink: RowSink | undefined): Promise<SimResult> {
  const { machines, durationMs, epochMs } = plan;
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
  const transit: LatencyModel[] = vms.map((_, id) =>
    shiftedLogNormal(plan.latency, seededRandom(latencyStream(plan.seed), vmStream(id))),
  );
  const faultEvents: FaultEvent[] = [];
  const queueBound = plan.queueBound ?? maxQueued(machines);
  let failure: string | undefined;
  let now = 0;
  let ticks = 0;
  let deliveries = 0;
  // toISOString per row was an eighth of the run: the text up to the second is kept, the milliseconds looked up.
  let isoSecond = Number.NaN;
  let isoPrefix = '';
  const systemTime = (elapsed: number) => {
    const ms = Math.floor(epochMs + elapsed);
    const second = Math.floor(ms / 1000);
    if (second !== isoSecond) {
      isoSecond = second;
      isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    return `${isoPrefix}${millisText[ms - second * 1000]}Z`;
  };
  const deadline = (vm: SimVm, k: number) => (k * 1000) / vm.setup.rate;
  const armTick = (vm: SimVm) => {
    const due = deadline(vm, vm.nextTick);
    if (due < stopAt) agenda.push(Math.max(due, now), { kind: 'tick', vm: vm.setup.id, life: vm.life });
  };

  const send = (vm: SimVm, outcome: Extract<TickOutcome, { event: 'send' }>) => {
    const id = vm.setup.id;
    const message = { id: outcome.msgId, from: id, clock: outcome.clock, vector: outcome.vector };
    for (const peer of outcome.to) {
      const target = vms[peer] as SimVm;
      const reason = vm.faults?.dropReason(peer, now) ?? (target.alive ? undefined : 'link-down');
      if (reason === undefined) {
        vm.stats.sent(peer);
        const arrival = Math.max(now + (transit[id] as LatencyModel).sampleMs(), vm.lastArrival[peer] as number);
        vm.lastArrival[peer] = arrival;
        agenda.push(arrival, { kind: 'copy', copy: { to: peer, life: target.life, message, sentAt: now } });
        continue;
      }
      // Kept over every life of the VM, as the launcher keeps what its VMs report.
      vm.dropped.push({ copy: `${outcome.msgId}>${peer}`, reason });
    }
  };

  const tick = (vm: SimVm) => {
    if (vm.paused) {
      vm.owesTick = true;
      return;
    }
    const outcome = vm.machine.tick(now);
    // The row first, as the VM process writes it before its message leaves.
    sink?.(
      vm.setup.id,
      csvLine(vm.setup.id, { tick: vm.nextTick, systemTime: systemTime(now), elapsedMs: now }, outcome),
    );
    if (outcome.event === 'send') send(vm, outcome);
    vm.stats.record(outcome);
    vm.ticks += 1;
    ticks += 1;
    vm.nextTick += 1;
    armTick(vm);
  };

  /** A copy enters its VM's network queue, with the injected delay the VM itself would add. */
  const arrive = (copy: Copy) => {
    const vm = vms[copy.to] as SimVm;
    // Sent to a life that has since been killed: it died with that process.
    if (!vm.alive || copy.life !== vm.life) return;
    if (vm.paused) {
      vm.held.push(copy);
      return;
    }
    vm.latency?.record((now - copy.sentAt) * 1000);
    const faults = vm.faults;
    vm.machine.deliver(
      faults === undefined ? copy.message : { ...copy.message, readyAt: faults.readyAt(copy.message.from, now) },
    );
    deliveries += 1;
    if (vm.machine.queued > queueBound && failure === undefined) {
      failure = `VM ${copy.to} holds over ${queueBound} queued messages (its memory bound); run stopped`;
      // As a VM process fails: it ends, what it held is lost with it, and the others stop at one instant.
      vm.failedWith = 'failed (queue over its memory bound)';
      vm.kill();
      cut();
    }
  };

  /** Every deadline up to this instant runs, on every VM alike: one cut across the whole run; copies keep landing. */
  const cut = () => {
    cutShort = true;
    stopAt = Math.min(stopAt, now + stopToleranceMs);
    for (const vm of vms) actions.resume(vm.setup.id);
  };

  const actions = {
    pause: (id: number) => {
      const vm = vms[id] as SimVm;
      if (vm.alive) vm.paused = true;
    },
    resume: (id: number) => {
      const vm = vms[id] as SimVm;
      if (!vm.paused) return;
      vm.paused = false;
      // What the kernel held arrives first, then the missed ticks run back to back at this instant.
      const held = vm.held;
      vm.held = [];
      for (const copy of held) arrive(copy);
      if (vm.owesTick) {
        vm.owesTick = false;
        armTick(vm);
      }
    },
    kill: (id: number) => {
      const vm = vms[id] as SimVm;
      if (!vm.alive) return;
      vm.kill();
      for (const other of vms) if (other.alive && other !== vm) other.stats.lostPeers.add(id);
    },
    restart: (id: number, clock: 'kept' | 'reset') => {
      const vm = vms[id] as SimVm;
      if (vm.alive) return;
      // It rejoins the running schedule: the deadlines it was down for are skipped.
      vm.restart(clock, Math.max(0, Math.ceil((now * vm.setup.rate) / 1000)));
      armTick(vm);
    },
    record: (event: FaultEvent) => faultEvents.push(event),
  };

  for (const vm of vms) armTick(vm);
  scheduleFaults(plan.faults, plan.speed, 0, actions, {
    now: () => now,
    setTimer: (run, ms) => {
      let live = true;
      // At least one step of the float past now, so a fault due "a hair later" can never re-arm forever.
      const at = Math.max(now + ms, now + Math.abs(now) * Number.EPSILON, Number.MIN_VALUE);
      agenda.push(at, { kind: 'timer', run: () => live && run() });
      return {
        cancel: () => {
          live = false;
        },
      };
    },
    setImmediate: (run) => agenda.push(now, { kind: 'timer', run }),
  });

  let handled = 0;
  for (let event = agenda.pop(); event !== undefined; event = agenda.pop()) {
    now = agenda.time;
    switch (event.kind) {
      case 'tick': {
        const vm = vms[event.vm] as SimVm;
        if (vm.alive && event.life === vm.life && deadline(vm, vm.nextTick) < stopAt) tick(vm);
        break;
      }
      case 'copy':
        arrive(event.copy);
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
    if (plan.interrupt !== undefined && handled % yieldEvery === 0 && !cutShort) {
      await new Promise((resume) => setImmediate(resume));
      if (plan.interrupt.aborted) {
        interrupted = true;
        cut();
      }
    }
  }
  return { vms, faultEvents, ticks, deliveries, interrupted, ...(failure === undefined ? {} : { failure }) };
}
