/**
 * The run's VMs, one current life per id, started through a VmTransport: forwards each message and each exit as an
 * event and waits for every life (restarted ones included) to end. A VM killed by an injected fault can be started
 * again under the same id.
 */
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';
import { printable } from '../shared/printable-text.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { VmStopInstants } from './vm-stop-instants.js';
import type { SignalHow, VmExit, VmLife, VmSignal, VmTransport } from './vm-transport.js';

export type FleetEvents = {
  onMessage(message: VmToLauncher): void;
  onExit(exit: VmExit): void;
  onOutput(id: number, line: string): void;
  /** Told what ends each life: a stop told it, a SIGKILL sent it, its exit, a restart back in the run (vm-stop-instants.ts). */
  stops: Pick<VmStopInstants, 'started' | 'toldStop' | 'killed' | 'exited'>;
};

export class VmFleet {
  readonly #transport: VmTransport;
  readonly #events: FleetEvents;
  readonly #lives: VmLife[] = [];
  readonly #ended = new Set<VmLife>();
  /** Every life of every VM, restarted ones included. */
  readonly #exits: Promise<VmExit>[] = [];

  constructor(transport: VmTransport, events: FleetEvents) {
    this.#transport = transport;
    this.#events = events;
  }

  /** Starts VM `spec.id` (again, after an injected kill). */
  start(spec: VmSpec): void {
    const life = this.#transport.start(spec, {
      onMessage: (message) => this.#events.onMessage(message),
      // Escaped here, whatever the transport: a VM's output (which may quote a stranger) never reaches a terminal raw.
      onOutput: (line) => this.#events.onOutput(spec.id, printable(line)),
      onExit: (exit) => {
        this.#ended.add(life);
        this.#events.stops.exited(spec.id);
        this.#events.onExit(exit);
      },
    });
    this.#lives[spec.id] = life;
    this.#exits.push(life.exited);
  }

  /**
   * VM `id`'s new life (a restart) is back in the run, told the running window. Only then: a life that could not
   * start, or died before it rejoined (its port taken, a crash in its warm-up), leaves the kill of the one before as
   * the VM's stop, not its own exit.
   */
  rejoined(id: number): void {
    this.#events.stops.started(id);
  }

  /** Before VM `id`'s restart reads its CSV: its killed life's rows the run folder lacks, asked for again. */
  async beforeRestart(id: number): Promise<void> {
    await this.#transport.beforeRestart?.(id);
  }

  /** The VMs whose current life has not ended. */
  running(): number[] {
    return this.#lives.flatMap((life, id) => (this.#ended.has(life) ? [] : [id]));
  }

  get pids(): (number | undefined)[] {
    return this.#lives.map((life) => life.pid);
  }

  send(id: number, message: LauncherToVm): void {
    const life = this.#lives[id];
    if (life === undefined || this.#ended.has(life)) return;
    if (message.type === 'stop') this.#events.stops.toldStop(id, message.atEpochMs);
    life.send(message);
  }

  broadcast(message: LauncherToVm): void {
    for (let id = 0; id < this.#lives.length; id++) this.send(id, message);
  }

  /** Signals VM `id`'s current life (SIGSTOP / SIGCONT / SIGKILL for injected faults), as `how` says (SignalHow). */
  signal(id: number, signal: VmSignal, how: SignalHow = {}): void {
    const life = this.#lives[id];
    if (life === undefined || this.#ended.has(life)) return;
    life.signal(signal, how);
    // Read once the kill is sent, not before: the VM ticks until then, and a busy machine can preempt the launcher
    // between the two (a valid run's rows up to 78 ms past a stop read first failed check's after-stop rule).
    if (signal === 'SIGKILL') this.#events.stops.killed(id);
  }

  /** Kills every VM at once; `now` (a forced stop): waiting on nothing that can hang (SignalHow). */
  kill(now = false): void {
    for (let id = 0; id < this.#lives.length; id++) this.signal(id, 'SIGKILL', { now });
  }

  /** Resolves once every VM life has ended. */
  async exited(): Promise<VmExit[]> {
    let count = 0;
    let exits: VmExit[] = [];
    // A restart may add a life while we wait: wait again until the list stops growing.
    while (count !== this.#exits.length) {
      count = this.#exits.length;
      exits = await Promise.all(this.#exits);
    }
    return exits;
  }
}
