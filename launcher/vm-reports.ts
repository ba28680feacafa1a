/**
 * What the VMs tell the supervisor, dispatched to where it counts: their messages (a phase reached, progress, a copy
 * dropped, figures, a failure) and their exits (expected after an injected kill, or a failure of the run when the
 * VM had not reported its figures). Every report wakes the phase wait, which then looks where the run stands.
 */
import type { VmToLauncher } from '../shared/ipc-messages.js';
import type { Drop } from '../shared/vm-spec.js';
import { failureOfExit, failureOfVm, type RunFailure } from './failure-reason.js';
import type { RunPhases } from './run-phases.js';
import type { VmLives } from './vm-lives.js';
import type { VmRestarts } from './vm-restarts.js';
import type { VmExit } from './vm-transport.js';

/** The supervisor's state the reports change. */
export type ReportTargets = {
  phases: RunPhases;
  lives: VmLives;
  restarts: VmRestarts;
  onProgress(message: Extract<VmToLauncher, { type: 'progress' }>): void;
  fail(failure: RunFailure): void;
};

export class VmReports {
  readonly #targets: ReportTargets;
  readonly #exits = new Map<number, VmExit>();
  /** The VMs that said they failed (not lives being killed): their ends are their own. */
  readonly #failed = new Set<number>();
  /** Every copy each VM dropped, over all its lives, as told when it happened (see `dropFigures`). */
  readonly #dropped: Drop[][];

  constructor(vmCount: number, targets: ReportTargets) {
    this.#targets = targets;
    this.#dropped = Array.from({ length: vmCount }, () => []);
  }

  /** The last exit of each VM. */
  get exits(): ReadonlyMap<number, VmExit> {
    return this.#exits;
  }

  /** The VMs that said they failed, each of its own accord (a port taken, a peer lost). */
  get failed(): ReadonlySet<number> {
    return this.#failed;
  }

  /** What each VM dropped, over all its lives. */
  get dropped(): readonly (readonly Drop[])[] {
    return this.#dropped;
  }

  message(message: VmToLauncher): void {
    const { phases, lives, restarts } = this.#targets;
    switch (message.type) {
      case 'listening':
        phases.listening(message.id, message.port);
        restarts.listening(message.id, message.port);
        break;
      case 'connected':
        phases.connected(message.id);
        restarts.connected(message.id);
        break;
      case 'progress':
        this.#targets.onProgress(message);
        return;
      case 'dropped':
        this.#dropped[message.id]?.push({ copy: message.copy, reason: message.reason });
        return;
      case 'done':
        phases.done(message.id, lives.withFirstLife(message.stats));
        break;
      case 'failed':
        // A life being killed (an injected kill, a restart given up at the stop): its exit is expected, not a failure.
        if (lives.isDying(message.id)) break;
        this.#failed.add(message.id);
        this.#targets.fail(failureOfVm(message, lives.isRestarting(message.id)));
        break;
      default: {
        const never: never = message;
        throw new Error(`unknown VM message ${JSON.stringify(never)}`);
      }
    }
    phases.wake();
  }

  exit(exit: VmExit): void {
    const { phases, lives, restarts } = this.#targets;
    this.#exits.set(exit.id, exit);
    if (lives.expectedExit(exit.id)) {
      phases.ended(exit.id);
      restarts.lifeEnded(exit.id);
    } else if (!phases.hasReported(exit.id)) {
      this.#targets.fail(failureOfExit(exit, lives.isRestarting(exit.id)));
    }
    phases.wake();
  }
}
