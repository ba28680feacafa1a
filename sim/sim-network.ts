/**
 * The simulated network between the VMs: each copy a send makes is dropped (an injected fault, or a link down to a
 * dead peer) or reaches its peer's network queue after a transit time drawn from the seeded latency model, never
 * overtaking an earlier copy of its link (TCP does not reorder). A paused VM's kernel holds what arrives for it.
 */
import type { TickOutcome } from '../model/machine.js';
import { seededRandom, vmStream } from '../shared/seeded-random.js';
import { type LogNormalModel, type LogNormalParams, shiftedLogNormal } from './log-normal.js';
import type { Copy, SimVm } from './sim-vm.js';

/** The latency model draws from its own streams: changing it never shifts a VM's event or fault draws. */
const latencyStream = (seed: number) => (seed ^ 0x2545f491) >>> 0;

export type NetworkSetup = {
  latency: LogNormalParams;
  seed: number;
  /** Messages a VM may hold in its queues; past it, `overflow` hears of the VM. */
  queueBound: number;
  /** Puts a copy on the agenda, to `arrive` at virtual time `at`. */
  schedule(at: number, copy: Copy): void;
  overflow(vm: SimVm): void;
};

export class SimNetwork {
  /** Copies that entered a VM's queue. */
  deliveries = 0;
  readonly #vms: readonly SimVm[];
  readonly #setup: NetworkSetup;
  readonly #transit: LogNormalModel[];

  constructor(vms: readonly SimVm[], setup: NetworkSetup) {
    this.#vms = vms;
    this.#setup = setup;
    this.#transit = vms.map((_, id) =>
      shiftedLogNormal(setup.latency, seededRandom(latencyStream(setup.seed), vmStream(id))),
    );
  }

  /** A tick's send: one copy to each peer, on its way or dropped with its cause. */
  send(vm: SimVm, outcome: Extract<TickOutcome, { event: 'send' }>, now: number): void {
    const id = vm.setup.id;
    const message = { id: outcome.msgId, from: id, clock: outcome.clock, vector: outcome.vector };
    for (const peer of outcome.to) {
      const target = this.#vms[peer] as SimVm;
      const reason = vm.faults?.dropReason(peer, now) ?? (target.alive ? undefined : 'link-down');
      if (reason === undefined) {
        vm.stats.sent(peer);
        const arrival = Math.max(
          now + (this.#transit[id] as LogNormalModel).sampleMs(),
          vm.lastArrival[peer] as number,
        );
        vm.lastArrival[peer] = arrival;
        this.#setup.schedule(arrival, { to: peer, life: target.life, message, sentAt: now });
        continue;
      }
      // Kept over every life of the VM, as the launcher keeps what its VMs report.
      vm.dropped.push({ copy: `${outcome.msgId}>${peer}`, reason });
    }
  }

  /** A copy enters its VM's network queue, with the injected delay the VM itself would add. */
  arrive(copy: Copy, now: number): void {
    const vm = this.#vms[copy.to] as SimVm;
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
    this.deliveries += 1;
    if (vm.machine.queued > this.#setup.queueBound) this.#setup.overflow(vm);
  }
}
