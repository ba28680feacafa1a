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
import type { RestartInstants } from '../run-folder/restart-instants.js';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import { type InterruptAnswer, interruptedReason } from '../shared/stop-signals.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { Drop, VmSpec } from '../shared/vm-spec.js';
import { stopFailedRun, tooLateToStop } from './early-stop.js';
import { processFaultActions } from './fault-actions.js';
import { doneWithinMs, notDoneAfter, startTimeoutMs } from './phase-deadlines.js';
import { RunFailureRecord } from './run-failure-record.js';
import type { SupervisorOutcome } from './run-outcome.js';
import { RunPhases, type RunWindow } from './run-phases.js';
import type { SilenceCut } from './silence-cut.js';
import { startLeadMs } from './start-lead.js';
import { VmFleet } from './vm-fleet.js';
import { VmLives } from './vm-lives.js';
import { VmReports } from './vm-reports.js';
import { VmRestarts } from './vm-restarts.js';
import { VmStopInstants } from './vm-stop-instants.js';
import type { VmExit, VmTransport } from './vm-transport.js';

export type SupervisorHooks = {
  onProgress(message: Extract<VmToLauncher, { type: 'progress' }>): void;
  /** Every VM listens: their ports are handed out, and the links go up. */
  onListening?(): void;
  onStarted(startEpochMs: number, stopEpochMs: number, vms: { pid: number | undefined; port: number }[]): void;
  onOutput(id: number, line: string): void;
  onFault(event: FaultEvent): void;
};

export type SupervisorPlan = { specs: VmSpec[]; durationMs: number; faults: FaultConfig | undefined; speed: number };

/**
 * The supervisor's side effects: how VMs are started, and the clock (epoch milliseconds) and timers. `stampNow`: the
 * clock each VM's stop is stamped on, the one its rows' elapsed_ms count on (preciseEpochMs: finer than Date.now()'s
 * whole milliseconds); the timer's when absent.
 */
export type SupervisorPorts = { transport: VmTransport; timer: TimerPort; stampNow?: () => number };

export class RunSupervisor {
  readonly #plan: SupervisorPlan;
  readonly #hooks: SupervisorHooks;
  readonly #timer: TimerPort;
  readonly #fleet: VmFleet;
  /** Added to every start and stop lead: what the transport needs on top (the hosts' round trips). */
  readonly #extraLeadMs: () => number;
  readonly #ids: number[];
  readonly #phases: RunPhases;
  readonly #lives = new VmLives();
  readonly #restarts: VmRestarts;
  readonly #reports: VmReports;
  readonly #stops: VmStopInstants;
  readonly #failure: RunFailureRecord;
  readonly #silenceCut: () => SilenceCut | undefined;
  #window: RunWindow | undefined;
  #faults: FaultSchedule | undefined;
  /** Cancels the restarts' look at the stop instant (vm-restarts.ts stopReached). */
  #cancelAtStop: () => void = () => {};
  /** The VMs still running when a run that failed before its start was stopped: the launcher ended them unticked. */
  #stoppedBeforeStart: ReadonlySet<number> = new Set();
  /** Of those, the ones that had said they failed by then: their end may be their own (manifest-vms.ts). */
  #failingAtStop: ReadonlySet<number> = new Set();

  constructor(plan: SupervisorPlan, hooks: SupervisorHooks, ports: SupervisorPorts) {
    this.#plan = plan;
    this.#hooks = hooks;
    this.#timer = ports.timer;
    this.#failure = new RunFailureRecord(
      () => this.#timer.now(),
      () => this.#phases.wake(),
    );
    this.#ids = plan.specs.map((spec) => spec.id);
    this.#extraLeadMs = () => ports.transport.extraLeadMs?.() ?? 0;
    this.#silenceCut = () => ports.transport.silenceCut?.();
    this.#stops = new VmStopInstants(
      ports.stampNow ?? (() => this.#timer.now()),
      ports.transport.exitsSeenAtOnce === true,
    );
    this.#fleet = new VmFleet(ports.transport, {
      onMessage: (message) => this.#reports.message(message),
      onExit: (exit) => this.#reports.exit(exit),
      onOutput: hooks.onOutput,
      stops: this.#stops,
    });
    this.#phases = new RunPhases(this.#ids, this.#timer, {
      isGone: (id) => this.#lives.isGone(id),
      failed: () => this.#failure.failure !== undefined,
      late: (phase, detail) =>
        this.#failure.fail({ reason: phase === 'done' ? 'finish-timeout' : 'start-timeout', detail }),
      nameOf: (id) => {
        const where = ports.transport.whereIs?.(id);
        return where === undefined ? `VM ${id}` : `VM ${id} (${where})`;
      },
    });
    this.#restarts = new VmRestarts({
      ...{ specs: plan.specs, fleet: this.#fleet, lives: this.#lives, phases: this.#phases, timer: this.#timer },
      window: () => this.#window,
      failed: () => this.#failure.failure !== undefined,
      fail: (failure) => this.#failure.fail(failure),
      onFault: (event) => hooks.onFault(event),
    });
    this.#reports = new VmReports(plan.specs.length, {
      ...{ phases: this.#phases, lives: this.#lives, restarts: this.#restarts },
      onProgress: (message) => this.#hooks.onProgress(message),
      fail: (failure) => this.#failure.fail(failure),
    });
  }

  /** The last exit of each VM. */
  get exits(): ReadonlyMap<number, VmExit> {
    return this.#reports.exits;
  }

  /** What each VM dropped, over all its lives. */
  get dropped(): readonly (readonly Drop[])[] {
    return this.#reports.dropped;
  }

  /** VMs the launcher stopped before the start (the run failed or was interrupted while they got ready). */
  get stoppedBeforeStart(): ReadonlySet<number> {
    return this.#stoppedBeforeStart;
  }

  /** Of the VMs stopped before the start, those that had said they failed, on their own, before the stop. */
  get failingAtStop(): ReadonlySet<number> {
    return this.#failingAtStop;
  }

  /** VMs an injected kill left down at the end of the run. */
  get down(): ReadonlySet<number> {
    return this.#lives.down;
  }

  /** When VM `id` stopped ticking, in real ms after the start, once the run has ended (vm-stop-instants.ts). */
  stopElapsedMs(id: number): number | undefined {
    const end = { figures: this.#phases.stats[id], silenceCut: this.#silenceCut() !== undefined };
    return this.#stops.stopElapsedMs(id, this.#window, end);
  }

  /** When VM `id`'s exit was seen, where it died unkilled by the launcher (vm-stop-instants.ts). */
  exitSeenElapsedMs(id: number): number | undefined {
    const end = { figures: this.#phases.stats[id], silenceCut: this.#silenceCut() !== undefined };
    return this.#stops.exitSeenElapsedMs(id, this.#window, end);
  }

  /** VM `id`'s restarts (kill and rejoin, real ms after the start), once the run has ended (vm-stop-instants.ts). */
  restarts(id: number): RestartInstants {
    return this.#stops.restarts(id, this.#window, this.stopElapsedMs(id));
  }

  async run(): Promise<SupervisorOutcome> {
    for (const spec of this.#plan.specs) {
      this.#fleet.start(spec);
      this.#fleet.send(spec.id, { type: 'init', spec });
    }
    if (await this.#phases.until('listening', startTimeoutMs(this.#ids.length))) {
      this.#hooks.onListening?.();
      this.#fleet.broadcast({ type: 'peers', ports: this.#phases.ports });
      if (await this.#phases.until('connected', startTimeoutMs(this.#ids.length))) {
        const startEpochMs = this.#timer.now() + startLeadMs(this.#ids.length) + this.#extraLeadMs();
        const stopEpochMs = startEpochMs + this.#plan.durationMs;
        this.#window = { startEpochMs, stopEpochMs };
        this.#fleet.broadcast({ type: 'start', startEpochMs, stopEpochMs });
        const { faults, speed } = this.#plan;
        const actions = processFaultActions({
          ...{ fleet: this.#fleet, lives: this.#lives, restarts: this.#restarts },
          onFault: (event) => this.#hooks.onFault(event),
        });
        this.#faults = scheduleFaults(faults, speed, startEpochMs, actions, this.#timer);
        const atStop = this.#timer.setTimer(() => this.#restarts.stopReached(), stopEpochMs - this.#timer.now());
        this.#cancelAtStop = () => atStop.cancel();
        const vms = this.#fleet.pids.map((pid, id) => ({ pid, port: this.#phases.portOf(id) }));
        this.#hooks.onStarted(startEpochMs, stopEpochMs, vms);
        await this.#phases.until('done', doneWithinMs(stopEpochMs, this.#timer.now()), notDoneAfter);
      }
    }
    this.#faults?.cancel();
    this.#cancelAtStop();
    let stopEpochMs: number | undefined;
    if (this.#failure.failure !== undefined) {
      // Before the start they are killed at once (stop-in-order.ts): those running now end by the launcher's hand.
      if (this.#window === undefined) {
        this.#stoppedBeforeStart = new Set(this.#fleet.running());
        this.#failingAtStop = new Set([...this.#reports.failed].filter((id) => this.#stoppedBeforeStart.has(id)));
      }
      const kept = await stopFailedRun({
        ...{ fleet: this.#fleet, ids: this.#ids, timer: this.#timer, extraLeadMs: this.#extraLeadMs },
        window: this.#window,
        killedAt: () => this.#failure.killedAt,
      });
      stopEpochMs = kept.stopEpochMs;
      if (kept.killedInLead) this.#failure.killedInLead();
    }
    await this.#fleet.exited();
    this.#failure.blameSilence(this.#silenceCut());
    const { stats } = this.#phases;
    const startEpochMs = this.#window?.startEpochMs;
    const failure = this.#failure.failure;
    if (failure === undefined) return { ok: true, stats, startEpochMs: startEpochMs ?? 0 };
    return { ok: false, ...failure, stats, startEpochMs, stopEpochMs };
  }

  /**
   * Ctrl-C or SIGTERM: every VM stops ticking at one instant just ahead, then finishes as usual. Unless that stop
   * would cut no tick: the run's ticks are complete, so it ends as it would have, not interrupted (whoever signalled
   * still knows it did; a second signal still kills). Before the start (no VM told it), every VM is killed at once
   * (stop-in-order.ts): none has ticked. Says which it was, for the line the user is told.
   */
  interrupt(): InterruptAnswer {
    const stop = { ids: this.#ids, timer: this.#timer, extraLeadMs: this.#extraLeadMs };
    if (tooLateToStop(this.#window, this.#plan.specs, stop)) return 'ticks-complete';
    this.#failure.fail({ reason: 'interrupted', detail: interruptedReason });
    return this.#window === undefined ? 'not-started' : 'stopping';
  }

  /** A second Ctrl-C: no more waiting, every VM is killed now. */
  forceStop(): void {
    this.#failure.killed();
    this.#fleet.kill(true);
  }
}
