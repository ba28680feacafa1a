/**
 * One VM inside the simulation: the very Machine, LinkFaults and RunStats a VM process runs (model/), plus what the
 * process and the OS would otherwise hold for it: its lives (kills and restarts), whether it is paused, and the
 * copies the kernel keeps for it while it is stopped.
 */
import { LatencyHistogram } from '../model/latency-histogram.js';
import { LinkFaults } from '../model/link-faults.js';
import { type Incoming, Machine } from '../model/machine.js';
import { RunStats } from '../model/run-stats.js';
import type { RestartInstants } from '../run-folder/restart-instants.js';
import { faultRandom, seededRandom, vmStream } from '../shared/seeded-random.js';
import type { Drop, VmFaultSpec } from '../shared/vm-spec.js';

export type SimVmSetup = {
  id: number;
  machines: number;
  /** Ticks per real second (the config's rate x speed). */
  rate: number;
  eventRange: number;
  seed: number;
  faults: VmFaultSpec | undefined;
  latencyFigures: boolean;
};

/** A copy on its way: `life` is the recipient's life it was sent to (a restarted VM never gets its old life's mail). */
export type Copy = { to: number; life: number; message: Incoming; sentAt: number };

/** What earlier lives of a killed and restarted VM add to its figures, as the launcher adds them from the CSV. */
type EarlierLives = { ticks: number; received: number; maxJump: number; maxQueue: number };

export class SimVm {
  readonly setup: SimVmSetup;
  machine: Machine;
  faults: LinkFaults | undefined;
  stats = new RunStats();
  latency: LatencyHistogram | undefined;
  /** Every copy this VM dropped, over all its lives, in the order it dropped them. */
  readonly dropped: Drop[] = [];
  /** Bumped at each kill: tick events and copies of an earlier life are ignored. */
  life = 0;
  alive = true;
  /** When its last life was killed (virtual ms after the start), while it is down. */
  killedAtMs: number | undefined;
  /** Each restart: when the life it replaced was killed and when the new one rejoined (the manifest's `restarts`). */
  readonly restarts: RestartInstants = [];
  /** How the VM failed the run (its manifest `exit`), when it did: it is down from then on, like a dead process. */
  failedWith: string | undefined;
  paused = false;
  /** A tick came due while paused: it runs (with the others missed) when the VM continues. */
  owesTick = false;
  /** Copies that reached the VM while it was stopped: the kernel holds them until it runs again. */
  held: Copy[] = [];
  nextTick = 0;
  /** Ticks of this life. */
  ticks = 0;
  earlier: EarlierLives = { ticks: 0, received: 0, maxJump: 0, maxQueue: 0 };
  /** Per peer: the last arrival time of a copy from this VM, so a link never reorders (TCP does not). */
  readonly lastArrival: Float64Array;

  constructor(setup: SimVmSetup) {
    this.setup = setup;
    this.machine = this.#newMachine();
    this.faults = this.#newFaults();
    this.latency = setup.latencyFigures ? new LatencyHistogram() : undefined;
    this.lastArrival = new Float64Array(setup.machines);
  }

  /** SIGKILL at `atMs`: the process and everything it held is gone; its figures so far stay with the run. */
  kill(atMs: number): void {
    this.alive = false;
    this.killedAtMs = atMs;
    this.paused = false;
    this.owesTick = false;
    this.held = [];
    this.life += 1;
    this.earlier = {
      ticks: this.earlier.ticks + this.ticks,
      received: this.earlier.received + this.stats.received,
      maxJump: Math.max(this.earlier.maxJump, this.stats.maxJump),
      maxQueue: Math.max(this.earlier.maxQueue, this.stats.maxQueue),
    };
  }

  /**
   * A new process in its place, as the launcher starts one: a fresh machine and fault source on the same seeded
   * streams, continuing the clock (kept or reset), the message ids and the vector of the last row.
   */
  restart(clock: 'kept' | 'reset', firstTick: number, atMs: number): void {
    if (this.killedAtMs !== undefined) this.restarts.push({ killElapsedMs: this.killedAtMs, rejoinElapsedMs: atMs });
    const last = this.machine;
    this.machine = this.#newMachine();
    this.machine.clock = clock === 'kept' ? last.clock : 0;
    this.machine.sends = last.sends;
    this.machine.vector = last.vector;
    this.faults = this.#newFaults();
    this.stats = new RunStats();
    this.latency = this.setup.latencyFigures ? new LatencyHistogram() : undefined;
    this.alive = true;
    this.killedAtMs = undefined;
    this.nextTick = firstTick;
    this.ticks = 0;
  }

  #newMachine(): Machine {
    const { id, machines, eventRange, seed } = this.setup;
    return new Machine(id, machines, eventRange, seededRandom(seed, vmStream(id)));
  }

  #newFaults(): LinkFaults | undefined {
    const { faults, seed, id } = this.setup;
    return faults === undefined ? undefined : new LinkFaults(faults, faultRandom(seed, id));
  }
}
