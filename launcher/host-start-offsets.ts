/**
 * The hosts' clock offsets around a run's start and stop, as the supervisor's messages go out (host-sampler.ts takes
 * the samples): a host's first VM to listen starts its burst; the first start fixes every host's offset at once (the
 * start goes to all VMs in one go, so each host's start goes with the same offset as before) and sampling goes on
 * through the run; a stop before the planned end gets the end's samples now, while every channel is up. Each VM's
 * start also tells it its peers' clocks, so that its copies' latency is one-way (host-peer-offsets.ts).
 */
import type { LauncherToVm } from '../shared/ipc-messages.js';
import { peerOffsetsFor } from './host-peer-offsets.js';
import type { HostSampler } from './host-sampler.js';
import { type HostState, startOffsetOf } from './remote-host-state.js';

export class HostStartOffsets {
  readonly #sampler: HostSampler;
  readonly #hosts: readonly HostState[];
  /** Host index per VM id, as configured (a VM past it goes round the hosts, as the transport places it). */
  readonly #placement: readonly number[];

  constructor(sampler: HostSampler, hosts: readonly HostState[], placement: readonly number[]) {
    this.#sampler = sampler;
    this.#hosts = hosts;
    this.#placement = placement;
  }

  /** A VM on `host` listens: the host's first burst, unless it was sampled already. */
  listening(host: HostState): void {
    if (host.clock.samples.length === 0) this.#sampler.ping(host);
  }

  /** What the supervisor sends VM `vm`, as it goes out: a start carries the peers' offsets. */
  outgoing(vm: number, message: LauncherToVm): LauncherToVm {
    this.#onSend(message);
    return message.type === 'start' ? { ...message, peerOffsetsMs: this.#peerOffsets(vm) } : message;
  }

  /** A start or stop message crosses to each host in about half its round trip: twice the slowest host's, and more. */
  extraLeadMs(): number {
    return 50 + 2 * Math.max(0, ...this.#hosts.map((host) => host.clock.typicalRttMs ?? 0));
  }

  #onSend(message: LauncherToVm): void {
    // A stop before the planned end (a Ctrl-C, a failure): the end's samples now, while every channel is up.
    if (message.type === 'stop') this.#sampler.sampleAtEnd(this.#hosts);
    if (message.type !== 'start' || this.#hosts.some((host) => host.startOffsetMs !== undefined)) return;
    for (const host of this.#hosts) {
      host.startOffsetMs = host.clock.offsetMs;
      host.startOffsetKnown = host.clock.sampled;
      host.startSample = host.clock.best;
    }
    this.#sampler.sampleDuringRun(this.#hosts, message.stopEpochMs);
  }

  #peerOffsets(vm: number): (number | null)[] {
    const placement = this.#placement.map((_, id) => this.#placement[id] ?? id % this.#hosts.length);
    return peerOffsetsFor(
      vm,
      placement,
      this.#hosts.map((host) => startOffsetOf(host) ?? null),
    );
  }
}
