/**
 * Drives one run's VM processes through its phases: every VM listening -> ports handed out -> every link up ->
 * one common start instant -> every VM done. A VM that exits early, or a phase that does not finish in time, fails
 * the run: the others are stopped in order (they still close their links and flush their CSVs).
 */
import type { VmToLauncher } from '../shared/ipc-messages.js';
import type { VmSpec, VmStats } from '../shared/vm-spec.js';
import { type VmExit, VmFleet } from './vm-fleet.js';

export type FailureReason = 'vm-exited' | 'start-timeout' | 'vm-failed' | 'port-in-use' | 'interrupted';

export type SupervisorOutcome =
  | { ok: true; stats: VmStats[]; startEpochMs: number }
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
};

/** Time for every VM to start, listen and connect: generous for 64 VMs on 2 busy cores. */
const startTimeoutMs = 20_000;
/** Lead time between the start message and tick 0, so every VM hears it before the instant. */
const startLeadMs = 100;
/** After the stop instant, how long the VMs get to trade end markers and flush before they are killed. */
const finishGraceMs = 15_000;

export class RunSupervisor {
  readonly #specs: VmSpec[];
  readonly #durationMs: number;
  readonly #hooks: SupervisorHooks;
  readonly #fleet: VmFleet;
  readonly #ports: (number | undefined)[] = [];
  readonly #connected = new Set<number>();
  readonly #stats: (VmStats | undefined)[] = [];
  readonly #exits = new Map<number, VmExit>();
  #failure: { reason: FailureReason; detail: string } | undefined;
  #startEpochMs: number | undefined;
  #wake: () => void = () => {};

  constructor(specs: VmSpec[], durationMs: number, hooks: SupervisorHooks) {
    this.#specs = specs;
    this.#durationMs = durationMs;
    this.#hooks = hooks;
    this.#fleet = new VmFleet(specs.length, {
      onMessage: (message) => this.#onMessage(message),
      onExit: (exit) => this.#onExit(exit),
      onOutput: hooks.onOutput,
    });
    for (const spec of specs) this.#fleet.send(spec.id, { type: 'init', spec });
  }

  get exits(): ReadonlyMap<number, VmExit> {
    return this.#exits;
  }

  async run(): Promise<SupervisorOutcome> {
    const count = this.#specs.length;
    const listening = await this.#until(
      () => this.#ports.filter((p) => p !== undefined).length === count,
      startTimeoutMs,
      'listening',
    );
    if (listening) {
      this.#fleet.broadcast({ type: 'peers', ports: this.#ports.map((p) => p ?? 0) });
      const connected = await this.#until(
        () => this.#connected.size === count,
        startTimeoutMs,
        'connected to every peer',
      );
      if (connected) {
        const startEpochMs = Date.now() + startLeadMs;
        const stopEpochMs = startEpochMs + this.#durationMs;
        this.#startEpochMs = startEpochMs;
        this.#fleet.broadcast({ type: 'start', startEpochMs, stopEpochMs });
        this.#hooks.onStarted(
          startEpochMs,
          stopEpochMs,
          this.#fleet.pids.map((pid, id) => ({ pid, port: this.#ports[id] ?? 0 })),
        );
        const done = () => this.#stats.filter((s) => s !== undefined).length === count;
        await this.#until(done, stopEpochMs - Date.now() + finishGraceMs, 'done');
      }
    }
    if (this.#failure !== undefined) await this.#stopInOrder();
    await this.#fleet.exited();
    if (this.#failure === undefined) {
      return { ok: true, stats: this.#stats as VmStats[], startEpochMs: this.#startEpochMs ?? 0 };
    }
    return { ok: false, ...this.#failure, stats: this.#stats, startEpochMs: this.#startEpochMs };
  }

  /** Ctrl-C or SIGTERM: every VM stops ticking at one instant just ahead, then finishes as usual. */
  interrupt(): void {
    this.#fail('interrupted', 'stopped by a signal to the launcher');
  }

  /** A second Ctrl-C: no more waiting. */
  forceStop(): void {
    this.#fleet.kill('SIGKILL');
  }

  async #stopInOrder(): Promise<void> {
    if (this.#startEpochMs === undefined) {
      // Nothing ticked yet, so there is nothing to flush: end every VM now.
      this.#fleet.kill('SIGTERM');
      await this.#fleet.exited();
      return;
    }
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
          const late = this.#specs.map((s) => s.id).filter((id) => !this.#reached(id, what));
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
    if (what === 'done') return this.#stats[id] !== undefined;
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
        break;
      case 'connected':
        this.#connected.add(message.id);
        break;
      case 'progress':
        this.#hooks.onProgress(message);
        return;
      case 'done':
        this.#stats[message.id] = message.stats;
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

  #onExit(exit: VmExit): void {
    this.#exits.set(exit.id, exit);
    if (this.#stats[exit.id] === undefined) {
      const how = exit.signal !== undefined ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      this.#fail('vm-exited', `VM ${exit.id} ${how} before the run ended`);
    }
    this.#wake();
  }
}
