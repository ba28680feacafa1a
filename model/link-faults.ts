/**
 * Injected link faults inside one VM. The sender decides drops (a seeded coin per copy) and partitions (the link is
 * down between two times); the receiver adds delays between its network queue and its message queue, never letting
 * a later message of a link overtake an earlier one (TCP keeps each link in order, so the model does too).
 */
import type { RandomSource } from '../shared/seeded-random.js';
import type { DelaySpec, DropReason, VmFaultSpec } from '../shared/vm-spec.js';

export class LinkFaults {
  readonly #spec: VmFaultSpec;
  readonly #random: RandomSource;
  readonly #lastReadyAt = new Map<number, number>();

  constructor(spec: VmFaultSpec, random: RandomSource) {
    this.#spec = spec;
    this.#random = random;
  }

  /** Why the copy of a send to `peer` at `elapsedMs` after the start is lost, or undefined when it goes out. */
  dropReason(peer: number, elapsedMs: number): Exclude<DropReason, 'link-down'> | undefined {
    for (const cut of this.#spec.partitions) {
      if (cut.peers.includes(peer) && elapsedMs >= cut.fromMs && elapsedMs < cut.toMs) return 'partition';
    }
    const p = this.#spec.dropTo[peer] ?? 0;
    return p > 0 && this.#uniform() < p ? 'injected-drop' : undefined;
  }

  /** When a message from `peer` that arrived at `arrivedAt` (monotonic ms) may enter the message queue. */
  readyAt(peer: number, arrivedAt: number): number {
    const delay = this.#spec.delayFrom[peer];
    if (delay === undefined || delay === null) return arrivedAt;
    const ready = Math.max(arrivedAt + this.#sample(delay), this.#lastReadyAt.get(peer) ?? 0);
    this.#lastReadyAt.set(peer, ready);
    return ready;
  }

  #sample(delay: DelaySpec): number {
    switch (delay.kind) {
      case 'constant':
        return delay.ms;
      case 'uniform':
        return delay.minMs + this.#uniform() * (delay.maxMs - delay.minMs);
      case 'exponential':
        return -delay.meanMs * Math.log(1 - this.#uniform());
      default: {
        const never: never = delay;
        throw new Error(`unknown delay ${JSON.stringify(never)}`);
      }
    }
  }

  /** Uniform in [0, 1). */
  #uniform(): number {
    return this.#random.int(0, 2 ** 30 - 1) / 2 ** 30;
  }
}
