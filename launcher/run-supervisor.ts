/**
 * Drives one run's VM processes through its phases: every VM listening -> ports handed out -> every link up ->
 * one common start instant -> every VM done. A VM that exits early, or a phase that does not finish in time, fails
 * the run: the others are stopped in order (they still close their links and flush their CSVs). Injected kills and
 * restarts are expected exits: a restarted VM rejoins the mesh and the running schedule.
 */
import { join } from 'node:path';
import type { FaultConfig } from '../config/fault-config.js';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import type { DropReason, VmSpec, VmStats } from '../shared/vm-spec.js';
import { type FaultSchedule, scheduleFaults } from './fault-schedule.js';
import { startLeadMs } from './start-lead.js';
import { type VmExit, VmFleet } from './vm-fleet.js';
import { VmLives } from './vm-lives.js';

export type FailureReason = 'vm-exited' | 'start-timeout' | 'vm-failed' | 'port-in-use' | 'interrupted';

export type SupervisorOutcome =
  | { ok: true; stats: (VmStats | undefined)[]; startEpochMs: number }
  | {
      ok: false;
      reason: FailureReason;
      detail: string;
      stats: (VmStats | undefined)[];
      startEpochMs: number | undefined;
    };

export type SupervisorHooks = {
  onProgress(message: Extract<VmToLauncher, { type: 'progress' }>): void;
  onStarted(startEpochMs: number, stopEpochMs: number, vms: { pid: number | undefined; port: number }[]): void;
  onOutput(id: number, line: string): void;
  onFault(event: FaultEvent): void;
};

export type SupervisorPlan = { specs: VmSpec[]; durationMs: number; faults: FaultConfig | undefined; speed: number };

/** Time for every VM to start, listen and connect: generous for 64 VMs on 2 busy cores. */
const startTimeoutMs = 20_000;
/** After the stop instant, how long the VMs get to trade end markers and flush before they are killed. */
const finishGraceMs = 15_000;

export class RunSupervisor {
  readonly #plan: SupervisorPlan;
  readonly #hooks: SupervisorHooks;
  readonly #fleet: VmFleet;
  readonly #ports: (number | undefined)[] = [];
  readonly #connected = new Set<number>();
  readonly #stats: (VmStats | undefined)[] = [];
  readonly #exits = new Map<number, VmExit>();
  readonly #lives = new VmLives();
  /** Every copy each VM dropped, over all its lives (a killed VM's own stats die with it). */
  readonly #dropped: { copy: string; reason: DropReason }[][];
  #failure: { reason: FailureReason; detail: string } | undefined;
  #window: { startEpochMs: number; stopEpochMs: number } | undefined;
  #faults: FaultSchedule | undefined;
  #wake: () => void = () => {};

  constructor(plan: SupervisorPlan, hooks: SupervisorHooks) {
    this.#plan = plan;
    this.#hooks = hooks;
    this.#dropped = plan.specs.map(() => []);
    this.#fleet = new VmFleet(
      plan.specs.map((spec) => spec.clockRate),
      {
        onMessage: (message) => this.#onMessage(message),
        onExit: (exit) => this.#onExit(exit),
        onOutput: hooks.onOutput,
      },
    );
    for (const spec of plan.specs) this.#fleet.send(spec.id, { type: 'init', spec });
  }

  get exits(): ReadonlyMap<number, VmExit> {
    return this.#exits;
  }

  /** What each VM dropped, as told while it ran. */
  get dropped(): readonly { copy: string; reason: DropReason }[][] {
    return this.#dropped;
  }

  /** VMs an injected kill left down at the end of the run. */
  get down(): ReadonlySet<number> {
    return this.#lives.down;
  }

  async run(): Promise<SupervisorOutcome> {
    const ids = this.#plan.specs.map((spec) => spec.id);
    if (await this.#until(() => ids.every((id) => this.#ports[id] !== undefined), startTimeoutMs, 'listening')) {
      this.#fleet.broadcast({ type: 'peers', ports: ids.map((id) => this.#ports[id] ?? 0) });
      if (await this.#until(() => this.#connected.size === ids.length, startTimeoutMs, 'connected to every peer')) {
        const startEpochMs = Date.now() + startLeadMs(ids.length);
        const stopEpochMs = startEpochMs + this.#plan.durationMs;
        this.#window = { startEpochMs, stopEpochMs };
        this.#fleet.broadcast({ type: 'start', startEpochMs, stopEpochMs });
        this.#faults = scheduleFaults(this.#plan.faults, this.#plan.speed, startEpochMs, this.#faultActions());
        const vms = this.#fleet.pids.map((pid, id) => ({ pid, port: this.#ports[id] ?? 0 }));
        this.#hooks.onStarted(startEpochMs, stopEpochMs, vms);
        const done = () => ids.every((id) => this.#stats[id] !== undefined || this.#lives.isGone(id));
        await this.#until(done, stopEpochMs - Date.now() + finishGraceMs, 'done');
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
    this.#fail('interrupted', 'stopped by a signal to the launcher');
  }

  /** A second Ctrl-C: no more waiting. */
  forceStop(): void {
    this.#fleet.kill('SIGKILL');
  }

  #faultActions() {
    return {
      pause: (vm: number) => this.#fleet.signal(vm, 'SIGSTOP'),
      resume: (vm: number) => this.#fleet.signal(vm, 'SIGCONT'),
      kill: (vm: number) => {
        this.#lives.killing(vm);
        this.#fleet.signal(vm, 'SIGCONT');
        this.#fleet.signal(vm, 'SIGKILL');
      },
      restart: (vm: number, clock: 'kept' | 'reset') => void this.#restart(vm, clock),
      record: (event: FaultEvent) => this.#hooks.onFault(event),
    };
  }

  async #restart(vm: number, clock: 'kept' | 'reset'): Promise<void> {
    const spec = this.#plan.specs[vm];
    if (spec === undefined || !this.#lives.down.has(vm) || this.#failure !== undefined) return;
    const csv = join(spec.outDir, csvFileName(vm));
    const restart = await this.#lives.restartFrom(vm, csv, this.#plan.specs.length, clock);
    this.#ports[vm] = undefined;
    this.#fleet.spawn(vm);
    this.#fleet.send(vm, { type: 'init', spec: { ...spec, restart } });
  }

  async #stopInOrder(): Promise<void> {
    if (this.#window === undefined) {
      // Nothing ticked yet, so there is nothing to flush: end every VM now.
      this.#fleet.kill('SIGTERM');
      await this.#fleet.exited();
      return;
    }
    for (const id of this.#plan.specs.map((s) => s.id)) this.#fleet.signal(id, 'SIGCONT');
    this.#fleet.broadcast({ type: 'stop', atEpochMs: Date.now() + 50 });
    const timer = setTimeout(() => this.#fleet.kill('SIGKILL'), finishGraceMs);
    await this.#fleet.exited();
    clearTimeout(timer);
  }

  /** Waits for `condition`, a failure, or the timeout (which fails the run naming the VMs not yet `what`). */
  #until(condition: () => boolean, timeoutMs: number, what: string): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          const late = this.#plan.specs.map((s) => s.id).filter((id) => !this.#reached(id, what));
          this.#fail('start-timeout', `VM ${late.join(', VM ')} not ${what} after ${Math.round(timeoutMs / 1000)} s`);
        },
        Math.max(0, timeoutMs),
      );
      this.#wake = () => {
        if (this.#failure !== undefined || condition()) {
          clearTimeout(timer);
          resolve(this.#failure === undefined);
        }
      };
      this.#wake();
    });
  }

  #reached(id: number, what: string): boolean {
    if (what === 'listening') return this.#ports[id] !== undefined;
    if (what === 'done') return this.#stats[id] !== undefined || this.#lives.down.has(id);
    return this.#connected.has(id);
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
        this.#dropped[message.id]?.push(message);
        return;
      case 'done':
        this.#stats[message.id] = this.#lives.withFirstLife(message.stats);
        break;
      case 'failed':
        this.#fail(
          message.reason === 'port-in-use' ? 'port-in-use' : 'vm-failed',
          `VM ${message.id} could not start (${message.reason}: ${message.detail})`,
        );
        break;
      default: {
        const never: never = message;
        throw new Error(`unknown VM message ${JSON.stringify(never)}`);
      }
    }
    this.#wake();
  }

  /** A restarted VM listens again: it learns every live peer's port, and they learn its new one. */
  #rejoin(vm: number, port: number): void {
    const ids = this.#plan.specs.map((s) => s.id);
    this.#fleet.send(vm, {
      type: 'peers',
      ports: ids.map((id) => (this.#lives.down.has(id) && id !== vm ? 0 : (this.#ports[id] ?? 0))),
    });
    for (const id of ids) {
      if (id !== vm && !this.#lives.down.has(id)) this.#fleet.send(id, { type: 'rejoin', id: vm, port });
    }
  }

  #onExit(exit: VmExit): void {
    this.#exits.set(exit.id, exit);
    if (this.#lives.expectedExit(exit.id)) {
      this.#connected.delete(exit.id);
    } else if (this.#stats[exit.id] === undefined) {
      const how = exit.signal !== undefined ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      this.#fail('vm-exited', `VM ${exit.id} ${how} before the run ended`);
    }
    this.#wake();
  }
}
