/**
 * Drives one run's VMs through its phases: every VM listening -> ports handed out -> every link up -> one common
 * start instant -> every VM done. A VM that exits early, or a phase that does not finish in time, fails the run: the
 * others are stopped in order (they still close their links and flush their CSVs). Injected kills and restarts are
 * expected exits: a restarted VM rejoins the mesh and the running schedule. The VMs (through a VmTransport) and the
 * clock are passed in, so every path is unit-tested with fakes.
 */
import { join } from 'node:path';
import type { FaultConfig } from '../config/fault-config.js';
import { type FaultSchedule, scheduleFaults } from '../model/fault-schedule.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import { interruptedReason } from '../shared/stop-signals.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { Drop, VmFigures, VmSpec } from '../shared/vm-spec.js';
import { startLeadMs } from './start-lead.js';
import { VmFleet } from './vm-fleet.js';
import { VmLives } from './vm-lives.js';
import type { VmExit, VmTransport } from './vm-transport.js';

export type FailureReason =
  | 'vm-exited'
  | 'start-timeout'
  | 'vm-failed'
  | 'port-in-use'
  | 'restart-failed'
  | 'interrupted'
  | 'killed';

export type SupervisorOutcome =
  | { ok: true; stats: (VmFigures | undefined)[]; startEpochMs: number }
  | {
      ok: false;
      reason: FailureReason;
      detail: string;
      stats: (VmFigures | undefined)[];
      startEpochMs: number | undefined;
    };

export type SupervisorHooks = {
  onProgress(message: Extract<VmToLauncher, { type: 'progress' }>): void;
  onStarted(startEpochMs: number, stopEpochMs: number, vms: { pid: number | undefined; port: number }[]): void;
  onOutput(id: number, line: string): void;
  onFault(event: FaultEvent): void;
};

export type SupervisorPlan = { specs: VmSpec[]; durationMs: number; faults: FaultConfig | undefined; speed: number };

/** The supervisor's side effects: how VMs are started, and the clock (epoch milliseconds) and timers. */
export type SupervisorPorts = { transport: VmTransport; timer: TimerPort };

/** Time for every VM to start, listen and connect: generous for 64 VMs on 2 busy cores. */
export const startTimeoutMs = 20_000;
/** Lead time between a stop message and its instant, so every VM hears it first (start-lead.ts says why). */
const stopLeadMs = (machines: number) => Math.max(50, startLeadMs(machines));
/** After the stop instant, how long the VMs get to trade end markers and flush before they are killed. */
export const finishGraceMs = 15_000;

/** The phases the run waits through, in order; each VM reaches each one. */
type Phase = 'listening' | 'connected' | 'done';
const phaseText: Record<Phase, string> = {
  listening: 'listening',
  connected: 'connected to every peer',
  done: 'done',
};

export class RunSupervisor {
  readonly #plan: SupervisorPlan;
  readonly #hooks: SupervisorHooks;
  readonly #timer: TimerPort;
  readonly #fleet: VmFleet;
  /** Added to every start and stop lead: what the transport needs on top (the hosts' round trips). */
  readonly #extraLeadMs: () => number;
  readonly #ids: number[];
  readonly #ports: (number | undefined)[] = [];
  readonly #connected = new Set<number>();
  readonly #stats: (VmFigures | undefined)[] = [];
  readonly #exits = new Map<number, VmExit>();
  readonly #lives = new VmLives();
  /** Restarts whose time came before their VM's killed life was seen to end: they start on that exit. */
  readonly #restartsDue = new Map<number, 'kept' | 'reset'>();
  /** Every copy each VM dropped, over all its lives, as told when it happened (see `dropFigures`). */
  readonly #dropped: Drop[][];
  #failure: { reason: FailureReason; detail: string } | undefined;
  #window: { startEpochMs: number; stopEpochMs: number } | undefined;
  #faults: FaultSchedule | undefined;
  #wake: () => void = () => {};

  constructor(plan: SupervisorPlan, hooks: SupervisorHooks, ports: SupervisorPorts) {
    this.#plan = plan;
    this.#hooks = hooks;
    this.#timer = ports.timer;
    this.#ids = plan.specs.map((spec) => spec.id);
    this.#dropped = plan.specs.map(() => []);
    this.#extraLeadMs = () => ports.transport.extraLeadMs?.() ?? 0;
    this.#fleet = new VmFleet(ports.transport, {
      onMessage: (message) => this.#onMessage(message),
      onExit: (exit) => this.#onExit(exit),
      onOutput: hooks.onOutput,
    });
  }

  /** The last exit of each VM. */
  get exits(): ReadonlyMap<number, VmExit> {
    return this.#exits;
  }

  /** What each VM dropped, over all its lives. */
  get dropped(): readonly (readonly Drop[])[] {
    return this.#dropped;
  }

  /** VMs an injected kill left down at the end of the run. */
  get down(): ReadonlySet<number> {
    return this.#lives.down;
  }

  async run(): Promise<SupervisorOutcome> {
    for (const spec of this.#plan.specs) {
      this.#fleet.start(spec);
      this.#fleet.send(spec.id, { type: 'init', spec });
    }
    if (await this.#until('listening', startTimeoutMs)) {
      this.#fleet.broadcast({ type: 'peers', ports: this.#ids.map((id) => this.#ports[id] ?? 0) });
      if (await this.#until('connected', startTimeoutMs)) {
        const startEpochMs = this.#timer.now() + startLeadMs(this.#ids.length) + this.#extraLeadMs();
        const stopEpochMs = startEpochMs + this.#plan.durationMs;
        this.#window = { startEpochMs, stopEpochMs };
        this.#fleet.broadcast({ type: 'start', startEpochMs, stopEpochMs });
        const { faults, speed } = this.#plan;
        this.#faults = scheduleFaults(faults, speed, startEpochMs, this.#faultActions(), this.#timer);
        const vms = this.#fleet.pids.map((pid, id) => ({ pid, port: this.#ports[id] ?? 0 }));
        this.#hooks.onStarted(startEpochMs, stopEpochMs, vms);
        await this.#until('done', stopEpochMs - this.#timer.now() + finishGraceMs);
      }
    }
    this.#faults?.cancel();
    if (this.#failure !== undefined) await this.#stopInOrder();
    await this.#fleet.exited();
    const startEpochMs = this.#window?.startEpochMs;
    if (this.#failure === undefined) return { ok: true, stats: this.#stats, startEpochMs: startEpochMs ?? 0 };
    return { ok: false, ...this.#failure, stats: this.#stats, startEpochMs };
  }

  /** Ctrl-C or SIGTERM: every VM stops ticking at one instant just ahead, then finishes as usual. */
  interrupt(): void {
    this.#fail('interrupted', interruptedReason);
  }

  /** A second Ctrl-C: no more waiting, every VM is killed now. */
  forceStop(): void {
    this.#fail('killed', 'killed at once by a second signal to the launcher');
    this.#fleet.kill();
  }

  #faultActions() {
    return {
      pause: (vm: number) => this.#fleet.signal(vm, 'SIGSTOP'),
      resume: (vm: number) => this.#fleet.signal(vm, 'SIGCONT'),
      kill: (vm: number) => {
        this.#lives.killing(vm);
        this.#fleet.signal(vm, 'SIGKILL');
      },
      restart: (vm: number, clock: 'kept' | 'reset') => this.#restartOrFail(vm, clock),
      record: (event: FaultEvent) => this.#hooks.onFault(event),
    };
  }

  /** A restart that throws (its CSV unreadable, the transport failing) fails the run, named, instead of the process. */
  #restartOrFail(vm: number, clock: 'kept' | 'reset'): void {
    this.#restart(vm, clock).catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      this.#fail('restart-failed', `VM ${vm} could not restart (${why})`);
    });
  }

  async #restart(vm: number, clock: 'kept' | 'reset'): Promise<void> {
    const spec = this.#plan.specs[vm];
    if (spec === undefined || this.#failure !== undefined) return;
    if (this.#lives.isDying(vm)) {
      // Its exit is not seen yet: starting a second life now would race the first for its port and its CSV.
      this.#restartsDue.set(vm, clock);
      return;
    }
    if (!this.#lives.down.has(vm)) return;
    const csv = join(spec.outDir, csvFileName(vm));
    const restart = await this.#lives.restartFrom(vm, csv, this.#plan.specs.length, clock, (detail) =>
      this.#hooks.onFault({
        elapsedMs: this.#timer.now() - (this.#window?.startEpochMs ?? this.#timer.now()),
        kind: 'repair',
        vm,
        peer: '',
        detail,
      }),
    );
    if (this.#failure !== undefined) return; // the run ended while the CSV was read: nothing to come back to
    this.#ports[vm] = undefined;
    this.#fleet.start(spec);
    this.#fleet.send(vm, { type: 'init', spec: { ...spec, restart } });
  }

  async #stopInOrder(): Promise<void> {
    if (this.#window === undefined) {
      // Nothing ticked yet, so there is nothing to flush: end every VM now.
      this.#fleet.kill();
      return;
    }
    for (const id of this.#ids) this.#fleet.signal(id, 'SIGCONT'); // a paused VM must run to stop in order
    const atEpochMs = this.#timer.now() + stopLeadMs(this.#ids.length) + this.#extraLeadMs();
    this.#fleet.broadcast({ type: 'stop', atEpochMs });
    const timer = this.#timer.setTimer(() => this.#fleet.kill(), finishGraceMs);
    await this.#fleet.exited();
    timer.cancel();
  }

  /** Waits until every VM reached `phase`, a failure, or the timeout (which fails the run naming the VMs not there). */
  #until(phase: Phase, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.#timer.setTimer(() => {
        const late = this.#ids.filter((id) => !this.#reached(id, phase));
        const seconds = Math.round(timeoutMs / 1000);
        this.#fail('start-timeout', `VM ${late.join(', VM ')} not ${phaseText[phase]} after ${seconds} s`);
      }, timeoutMs);
      this.#wake = () => {
        if (this.#failure !== undefined || this.#ids.every((id) => this.#reached(id, phase))) {
          timer.cancel();
          resolve(this.#failure === undefined);
        }
      };
      this.#wake();
    });
  }

  #reached(id: number, phase: Phase): boolean {
    switch (phase) {
      case 'listening':
        return this.#ports[id] !== undefined;
      case 'connected':
        return this.#connected.has(id);
      case 'done':
        return this.#stats[id] !== undefined || this.#lives.isGone(id);
      default: {
        const never: never = phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }

  #fail(reason: FailureReason, detail: string): void {
    if (this.#failure !== undefined) return;
    this.#failure = { reason, detail };
    this.#wake();
  }

  #onMessage(message: VmToLauncher): void {
    switch (message.type) {
      case 'listening':
        this.#ports[message.id] = message.port;
        if (this.#lives.isRestarting(message.id)) this.#rejoin(message.id, message.port);
        break;
      case 'connected':
        this.#connected.add(message.id);
        if (this.#lives.isRestarting(message.id) && this.#window !== undefined) {
          this.#fleet.send(message.id, { type: 'start', ...this.#window });
          this.#lives.rejoined(message.id);
        }
        break;
      case 'progress':
        this.#hooks.onProgress(message);
        return;
      case 'dropped':
        this.#dropped[message.id]?.push({ copy: message.copy, reason: message.reason });
        return;
      case 'done':
        this.#stats[message.id] = this.#lives.withFirstLife(message.stats);
        break;
      case 'failed':
        this.#onFailed(message);
        break;
      default: {
        const never: never = message;
        throw new Error(`unknown VM message ${JSON.stringify(never)}`);
      }
    }
    this.#wake();
  }

  /**
   * A VM could not listen or connect. A taken port at the start is the config's (exit 2: nothing ran); a restarted
   * VM whose port was taken while it was down is a failure of the run (exit 1), named with its port.
   */
  #onFailed(message: Extract<VmToLauncher, { type: 'failed' }>): void {
    const what = `${message.reason}: ${message.detail}`;
    if (this.#lives.isRestarting(message.id)) {
      this.#fail('restart-failed', `VM ${message.id} could not restart (${what})`);
    } else if (message.reason === 'port-in-use') {
      this.#fail('port-in-use', `VM ${message.id} could not start (${what})`);
    } else {
      // A peer's value out of bounds or a full queue stops a VM while it runs, not at its start.
      const midRun = message.reason === 'peer-out-of-range' || message.reason === 'queue-full';
      this.#fail('vm-failed', `VM ${message.id} ${midRun ? 'stopped the run' : 'could not start'} (${what})`);
    }
  }

  /** A restarted VM listens again: it learns every live peer's port, and they learn its new one. */
  #rejoin(vm: number, port: number): void {
    const down = this.#lives.down;
    this.#fleet.send(vm, {
      type: 'peers',
      ports: this.#ids.map((id) => (down.has(id) && id !== vm ? 0 : (this.#ports[id] ?? 0))),
    });
    for (const id of this.#ids) {
      if (id !== vm && !down.has(id)) this.#fleet.send(id, { type: 'rejoin', id: vm, port });
    }
  }

  #onExit(exit: VmExit): void {
    this.#exits.set(exit.id, exit);
    if (this.#lives.expectedExit(exit.id)) {
      this.#connected.delete(exit.id);
      const due = this.#restartsDue.get(exit.id);
      this.#restartsDue.delete(exit.id);
      if (due !== undefined) this.#restartOrFail(exit.id, due);
    } else if (this.#stats[exit.id] === undefined && this.#lives.isRestarting(exit.id) && exit.lost !== undefined) {
      // A new life that could not begin (its CSV could not be cut back on its host, a gap in its rows).
      this.#fail('restart-failed', `VM ${exit.id} ${exit.lost}`);
    } else if (this.#stats[exit.id] === undefined) {
      const how =
        exit.lost ?? (exit.signal !== undefined ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`);
      this.#fail('vm-exited', `VM ${exit.id} ${how} before the run ended`);
    }
    this.#wake();
  }
}
