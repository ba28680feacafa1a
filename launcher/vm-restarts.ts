/**
 * A VM killed by an injected fault coming back: the rows its killed life left unfetched asked for again (a remote
 * VM's), its CSV repaired and read (where the new life continues from), a new life started under the same id, told
 * every live peer's port (and they its new one), then the running window. A restart due before the killed life is
 * seen to end waits for that end; one that throws fails the run, named; one not back in the run by its stop is given
 * up (stopReached).
 */
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { failureOfRestart, type RunFailure } from './failure-reason.js';
import type { RunPhases, RunWindow } from './run-phases.js';
import type { VmFleet } from './vm-fleet.js';
import type { VmLives } from './vm-lives.js';

type Clock = 'kept' | 'reset';

/** The supervisor's state a restart reads and changes. */
export type RestartContext = {
  specs: readonly VmSpec[];
  fleet: VmFleet;
  lives: VmLives;
  phases: RunPhases;
  timer: TimerPort;
  window(): RunWindow | undefined;
  /** The run has failed: nothing comes back any more. */
  failed(): boolean;
  fail(failure: RunFailure): void;
  onFault(event: FaultEvent): void;
};

export class VmRestarts {
  readonly #context: RestartContext;
  /** Restarts whose time came before their VM's killed life was seen to end: they start on that exit. */
  readonly #due = new Map<number, Clock>();

  constructor(context: RestartContext) {
    this.#context = context;
  }

  /** The schedule's restart of `vm`. One that throws (its CSV unreadable, the transport failing) fails the run. */
  restart(vm: number, clock: Clock): void {
    this.#restart(vm, clock).catch((error: unknown) => this.#context.fail(failureOfRestart(vm, error)));
  }

  /**
   * The run's stop instant came: a new life not back in the run by then can rejoin no running schedule (its peers
   * stop and close their ports: it would wait out its connect time, then fail the run). It is killed, and the VM
   * stays down from its kill to the end, as after a kill without restart.
   */
  stopReached(): void {
    const { specs, lives, fleet } = this.#context;
    this.#due.clear();
    for (const { id } of specs) {
      if (lives.abandon(id)) fleet.signal(id, 'SIGKILL');
    }
  }

  /** A killed life was seen to end: a restart that came due meanwhile starts now. */
  lifeEnded(vm: number): void {
    const due = this.#due.get(vm);
    this.#due.delete(vm);
    if (due !== undefined) this.restart(vm, due);
  }

  /** A VM listens: if it is a new life, it learns every live peer's port, and they learn its new one. */
  listening(vm: number, port: number): void {
    const { lives, fleet, phases, specs } = this.#context;
    if (!lives.isRestarting(vm)) return;
    const down = lives.down;
    const ids = specs.map((spec) => spec.id);
    fleet.send(vm, { type: 'peers', ports: ids.map((id) => (down.has(id) && id !== vm ? 0 : phases.portOf(id))) });
    for (const id of ids) {
      if (id !== vm && !down.has(id)) fleet.send(id, { type: 'rejoin', id: vm, port });
    }
  }

  /** A VM connected to its peers: if it is a new life, it gets the running window and is back in the run. */
  connected(vm: number): void {
    const { lives, fleet } = this.#context;
    const window = this.#context.window();
    if (!lives.isRestarting(vm) || window === undefined) return;
    fleet.send(vm, { type: 'start', ...window });
    fleet.rejoined(vm);
    lives.rejoined(vm);
  }

  async #restart(vm: number, clock: Clock): Promise<void> {
    const { specs, lives, fleet, phases, timer } = this.#context;
    const spec = specs[vm];
    if (spec === undefined || this.#context.failed()) return;
    // Due at or after the stop (its killed life's exit seen late): nothing to come back to.
    const window = this.#context.window();
    if (window !== undefined && timer.now() >= window.stopEpochMs) return;
    if (lives.isDying(vm)) {
      // Its exit is not seen yet: starting a second life now would race the first for its port and its CSV.
      this.#due.set(vm, clock);
      return;
    }
    if (!lives.down.has(vm)) return;
    const csv = join(spec.outDir, csvFileName(vm));
    const repaired = (detail: string) =>
      this.#context.onFault({
        elapsedMs: timer.now() - (this.#context.window()?.startEpochMs ?? timer.now()),
        kind: 'repair',
        vm,
        peer: '',
        detail,
      });
    // Rows its killed life wrote that the run folder lacks are asked for first: the CSV read next is where it goes on.
    const restart = await lives.restartFrom(vm, csv, specs.length, clock, repaired, () => fleet.beforeRestart(vm));
    if (this.#context.failed()) return; // the run ended while the CSV was read: nothing to come back to
    // Its stop came while the CSV was read (a busy launcher, a high speed): stopReached gave it up, and a life
    // started now would hear of no peer and never end.
    if (!lives.isRestarting(vm)) return;
    phases.restarting(vm);
    fleet.start(spec);
    fleet.send(vm, { type: 'init', spec: { ...spec, restart } });
  }
}
