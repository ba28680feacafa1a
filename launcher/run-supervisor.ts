/**
 * Drives one run's VMs through its phases: every VM listening -> ports handed out -> every link up -> one common
 * start instant -> every VM done. A VM that exits early, or a phase that does not finish in time, fails the run: the
 * others are stopped in order (they still close their links and flush their CSVs). Injected kills and restarts are
 * expected exits: a restarted VM rejoins the mesh and the running schedule (vm-restarts.ts). The VMs (through a
 * VmTransport) and the clock are passed in, so every path is unit-tested with fakes.
 */
import type { FaultConfig } from '../config/fault-config.js';
import { type FaultSchedule, scheduleFaults } from '../model/fault-schedule.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import { type InterruptAnswer, interruptedReason } from '../shared/stop-signals.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { Drop, VmFigures, VmSpec } from '../shared/vm-spec.js';
import { type FailureReason, failureOfExit, failureOfVm, type RunFailure } from './failure-reason.js';
import { RunPhases, type RunWindow } from './run-phases.js';
import { startLeadMs } from './start-lead.js';
import { stopCutsATick } from './stop-cuts-ticks.js';
import { finishGraceMs, stopInOrder, stopInstant } from './stop-in-order.js';
import { VmFleet } from './vm-fleet.js';
import { VmLives } from './vm-lives.js';
import { VmRestarts } from './vm-restarts.js';
import type { VmExit, VmTransport } from './vm-transport.js';

export type SupervisorOutcome =
  | { ok: true; stats: (VmFigures | undefined)[]; startEpochMs: number }
  | {
      ok: false;
      reason: FailureReason;
      detail: string;
      stats: (VmFigures | undefined)[];
      startEpochMs: number | undefined;
      /**
       * The instant every VM was told to stop ticking at (epoch ms, the launcher's clock), never past the run's own
       * stop (a VM only moves its stop earlier); undefined when the VMs were killed before the start, or before that
       * instant (a second signal in the stop's lead): they never reached it.
       */
      stopEpochMs: number | undefined;
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

/** The manifest's reason for a run whose VMs a second signal killed before the stop instant the first one told. */
export const killedBeforeTheStop =
  'stopped by a signal to the launcher, then killed at once by a second one before the stop instant it told the VMs';

/** When a VM not done is given up: it knew the run's end from its start, and had the finish grace after it. */
const notDoneAfter = `${finishGraceMs / 1000} s after the run's stop instant, which every VM was told with the start`;

/** Time for every VM to start, listen and connect: generous for 64 VMs on 2 busy cores. */
export const startTimeoutMs = 20_000;

export class RunSupervisor {
  readonly #plan: SupervisorPlan;
  readonly #hooks: SupervisorHooks;
  readonly #timer: TimerPort;
  readonly #fleet: VmFleet;
  /** Added to every start and stop lead: what the transport needs on top (the hosts' round trips). */
  readonly #extraLeadMs: () => number;
  readonly #ids: number[];
  readonly #phases: RunPhases;
  readonly #exits = new Map<number, VmExit>();
  readonly #lives = new VmLives();
  readonly #restarts: VmRestarts;
  /** Every copy each VM dropped, over all its lives, as told when it happened (see `dropFigures`). */
  readonly #dropped: Drop[][];
  #failure: RunFailure | undefined;
  /** When a second signal killed every VM (epoch ms), if one did. */
  #killedAt: number | undefined;
  #window: RunWindow | undefined;
  #faults: FaultSchedule | undefined;

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
    this.#phases = new RunPhases(this.#ids, this.#timer, {
      isGone: (id) => this.#lives.isGone(id),
      failed: () => this.#failure !== undefined,
      late: (detail) => this.#fail({ reason: 'start-timeout', detail }),
      nameOf: (id) => {
        const where = ports.transport.whereIs?.(id);
        return where === undefined ? `VM ${id}` : `VM ${id} (${where})`;
      },
    });
    this.#restarts = new VmRestarts({
      ...{ specs: plan.specs, fleet: this.#fleet, lives: this.#lives, phases: this.#phases, timer: this.#timer },
      window: () => this.#window,
      failed: () => this.#failure !== undefined,
      fail: (failure) => this.#fail(failure),
      onFault: (event) => hooks.onFault(event),
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
    if (await this.#phases.until('listening', startTimeoutMs)) {
      this.#fleet.broadcast({ type: 'peers', ports: this.#phases.ports });
      if (await this.#phases.until('connected', startTimeoutMs)) {
        const startEpochMs = this.#timer.now() + startLeadMs(this.#ids.length) + this.#extraLeadMs();
        const stopEpochMs = startEpochMs + this.#plan.durationMs;
        this.#window = { startEpochMs, stopEpochMs };
        this.#fleet.broadcast({ type: 'start', startEpochMs, stopEpochMs });
        const { faults, speed } = this.#plan;
        this.#faults = scheduleFaults(faults, speed, startEpochMs, this.#faultActions(), this.#timer);
        const vms = this.#fleet.pids.map((pid, id) => ({ pid, port: this.#phases.portOf(id) }));
        this.#hooks.onStarted(startEpochMs, stopEpochMs, vms);
        await this.#phases.until('done', stopEpochMs - this.#timer.now() + finishGraceMs, notDoneAfter);
      }
    }
    this.#faults?.cancel();
    let stopEpochMs: number | undefined;
    if (this.#failure !== undefined) {
      const started = this.#window !== undefined;
      const toldStop = await stopInOrder({
        fleet: this.#fleet,
        ids: this.#ids,
        timer: this.#timer,
        started,
        extraLeadMs: this.#extraLeadMs,
      });
      if (toldStop !== undefined && this.#window !== undefined) {
        stopEpochMs = Math.min(toldStop, this.#window.stopEpochMs);
        if (this.#killedAt !== undefined && this.#killedAt < stopEpochMs) {
          // Killed in the stop's lead: no VM stopped at the instant told, so the run has no stop instant.
          stopEpochMs = undefined;
          this.#failure = { reason: 'killed', detail: killedBeforeTheStop };
        }
      }
    }
    await this.#fleet.exited();
    const { stats } = this.#phases;
    const startEpochMs = this.#window?.startEpochMs;
    if (this.#failure === undefined) return { ok: true, stats, startEpochMs: startEpochMs ?? 0 };
    return { ok: false, ...this.#failure, stats, startEpochMs, stopEpochMs };
  }

  /**
   * Ctrl-C or SIGTERM: every VM stops ticking at one instant just ahead, then finishes as usual. Unless that stop
   * would cut no tick: the run's ticks are complete, so it ends as it would have, not interrupted (whoever signalled
   * still knows it did; a second signal still kills). Says which it was, for the line the user is told.
   */
  interrupt(): InterruptAnswer {
    if (this.#tooLateToStop()) return 'ticks-complete';
    this.#fail({ reason: 'interrupted', detail: interruptedReason });
    return 'stopping';
  }

  /** A second Ctrl-C: no more waiting, every VM is killed now. */
  forceStop(): void {
    this.#killedAt ??= this.#timer.now();
    this.#fail({ reason: 'killed', detail: 'killed at once by a second signal to the launcher' });
    this.#fleet.kill();
  }

  /** A stop sent now would cut no tick of any VM: each one's next deadline after it is at or past the run's stop. */
  #tooLateToStop(): boolean {
    const window = this.#window;
    if (window === undefined) return false;
    const stopAt = stopInstant({ ids: this.#ids, timer: this.#timer, extraLeadMs: this.#extraLeadMs });
    return !this.#plan.specs.some((spec) => stopCutsATick(window, spec.clockRate, stopAt));
  }

  #faultActions() {
    return {
      pause: (vm: number) => this.#fleet.signal(vm, 'SIGSTOP'),
      resume: (vm: number) => this.#fleet.signal(vm, 'SIGCONT'),
      kill: (vm: number) => {
        this.#lives.killing(vm);
        this.#fleet.signal(vm, 'SIGKILL');
      },
      restart: (vm: number, clock: 'kept' | 'reset') => this.#restarts.restart(vm, clock),
      record: (event: FaultEvent) => this.#hooks.onFault(event),
    };
  }

  #fail(failure: RunFailure): void {
    if (this.#failure !== undefined) return;
    this.#failure = failure;
    this.#phases.wake();
  }

  #onMessage(message: VmToLauncher): void {
    switch (message.type) {
      case 'listening':
        this.#phases.listening(message.id, message.port);
        this.#restarts.listening(message.id, message.port);
        break;
      case 'connected':
        this.#phases.connected(message.id);
        this.#restarts.connected(message.id);
        break;
      case 'progress':
        this.#hooks.onProgress(message);
        return;
      case 'dropped':
        this.#dropped[message.id]?.push({ copy: message.copy, reason: message.reason });
        return;
      case 'done':
        this.#phases.done(message.id, this.#lives.withFirstLife(message.stats));
        break;
      case 'failed':
        this.#fail(failureOfVm(message, this.#lives.isRestarting(message.id)));
        break;
      default: {
        const never: never = message;
        throw new Error(`unknown VM message ${JSON.stringify(never)}`);
      }
    }
    this.#phases.wake();
  }

  #onExit(exit: VmExit): void {
    this.#exits.set(exit.id, exit);
    if (this.#lives.expectedExit(exit.id)) {
      this.#phases.ended(exit.id);
      this.#restarts.lifeEnded(exit.id);
    } else if (!this.#phases.hasReported(exit.id)) {
      this.#fail(failureOfExit(exit, this.#lives.isRestarting(exit.id)));
    }
    this.#phases.wake();
  }
}
