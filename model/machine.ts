/**
 * One VM's logical state and what it does on a tick: take what the network delivered into the message queue, then
 * process one message, or (queue empty) draw an action. Pure apart from the injected random source: sockets, files
 * and time are the caller's.
 */
import type { RandomSource } from '../shared/seeded-random.js';
import { type Action, chooseAction } from './event-choice.js';
import { FifoQueue } from './fifo-queue.js';
import { localEvent, receiveEvent } from './lamport-clock.js';
import { vectorLocalEvent, vectorReceiveEvent } from './vector-clock.js';

/**
 * `vector`: the sender's vector clock carried by the message. `readyAt`: with an injected delay, the message waits
 * in the network queue until then (monotonic ms).
 */
export type Incoming = { id: string; from: number; clock: number; vector?: ArrayLike<number>; readyAt?: number };

/**
 * The most messages a VM holds in its two queues before the run is failed (naming the VM) instead of running out of
 * memory: about 256 MiB at ~160 bytes per message plus 8 per vector entry (over a million with 3 VMs). An honest
 * run stays far below: a 1 tick/s VM among 6/s peers queues about 10 messages a second.
 */
export function maxQueued(machines: number): number {
  return Math.floor((256 * 1024 * 1024) / (160 + 8 * machines));
}

type Clocks = { clock: number; jump: number; vector: readonly number[]; queueLen: number };
export type TickOutcome =
  | ({ event: 'receive'; message: Incoming } & Clocks)
  | ({ event: 'send'; to: number[]; msgId: string } & Clocks)
  | ({ event: 'internal' } & Clocks);

export class Machine {
  readonly id: number;
  readonly #machines: number;
  readonly #eventRange: number;
  readonly #random: RandomSource;
  /** Filled by the sockets as frames arrive, between ticks. */
  readonly networkQueue = new FifoQueue<Incoming>();
  /** Worked through at one message per tick. */
  readonly messageQueue = new FifoQueue<Incoming>();
  clock = 0;
  /** The vector clock, indexed by VM id; replaced (never mutated) on every event. */
  vector: readonly number[];
  /** The number of its last send (`<id>-<sends>`): the next goes on from it. */
  sends = 0;
  /** Numbers passed over (goPast) that no send of this VM holds: `sends` less these is what it sent. */
  skippedNumbers = 0;

  constructor(id: number, machines: number, eventRange: number, random: RandomSource) {
    this.id = id;
    this.#machines = machines;
    this.#eventRange = eventRange;
    this.#random = random;
    this.vector = new Array<number>(machines).fill(0);
  }

  deliver(message: Incoming): void {
    this.networkQueue.push(message);
  }

  /** Messages that reached this VM and wait in either queue. */
  get queued(): number {
    return this.networkQueue.length + this.messageQueue.length;
  }

  /** `now` only matters for delayed messages: those not ready yet stay in the network queue. */
  tick(now = Number.POSITIVE_INFINITY): TickOutcome {
    this.#admit(now);
    const message = this.messageQueue.shift();
    if (message !== undefined) {
      const step = receiveEvent(this.clock, message.clock);
      // Carried clocks are bounded on the wire (wire-bounds.ts), so this is a bug, never a peer's doing.
      if (step.clock > Number.MAX_SAFE_INTEGER)
        throw new RangeError(`VM ${this.id}: Lamport clock ${step.clock} is unsafe`);
      this.clock = step.clock;
      this.vector = vectorReceiveEvent(this.vector, message.vector ?? [], this.id);
      // Fields written out, no spread: a spread in a literal took V8's slow path on every tick without the
      // optimising compiler (VMs under 500/s; perf at the start of 64 VMs x 100/s).
      const { clock, jump } = step;
      return { event: 'receive', clock, jump, vector: this.vector, queueLen: this.messageQueue.length, message };
    }
    const action: Action = chooseAction(this.#random.int(1, this.#eventRange), this.id, this.#machines);
    const step = localEvent(this.clock);
    this.clock = step.clock;
    this.vector = vectorLocalEvent(this.vector, this.id);
    const { clock, jump } = step;
    if (action.kind === 'internal') return { event: 'internal', clock, jump, vector: this.vector, queueLen: 0 };
    this.sends += 1;
    return {
      event: 'send',
      clock,
      jump,
      vector: this.vector,
      queueLen: 0,
      to: action.to,
      msgId: `${this.id}-${this.sends}`,
    };
  }

  #admit(now: number): void {
    const waiting = this.networkQueue.length;
    for (let i = 0; i < waiting; i++) {
      const message = this.networkQueue.shift();
      if (message === undefined) break;
      if ((message.readyAt ?? 0) <= now) this.messageQueue.push(message);
      else this.networkQueue.push(message);
    }
  }

  /**
   * Its next message number and its own vector entry go past `floor` (a restart after rows kept on its host, whose
   * numbers and entries are not known here: vm/vm-machine.ts). Each only rises; the numbers passed over are counted.
   */
  goPast(floor: number): void {
    if (floor > this.sends) {
      this.skippedNumbers += floor - this.sends;
      this.sends = floor;
    }
    if (floor > (this.vector[this.id] ?? 0)) {
      const vector = this.vector.slice();
      vector[this.id] = floor;
      this.vector = vector;
    }
  }

  /** Ids of messages that reached this VM but were never processed, oldest first. */
  pending(): string[] {
    return [...this.messageQueue.toArray(), ...this.networkQueue.toArray()].map((m) => m.id);
  }
}
