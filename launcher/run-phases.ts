/**
 * The phases a run waits through, in order (every VM listening -> connected to every peer -> done), where each VM
 * is in them, and the wait until every VM reached one: a failure of the run ends the wait at once, a timeout fails
 * the run naming the VMs not there.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';
import type { VmFigures } from '../shared/vm-spec.js';
import { finishGraceMs } from './stop-in-order.js';

export type Phase = 'listening' | 'connected' | 'done';

/** When every VM ticks: from the common start instant to the stop instant (epoch ms). */
export type RunWindow = { startEpochMs: number; stopEpochMs: number };

/**
 * A deadline timer this late woke a launcher that stood still past it (Ctrl-Z then fg, SIGSTOP, a machine asleep):
 * a busy event loop is late by milliseconds, not seconds.
 */
const stalledPastMs = 1_000;

const phaseText: Record<Phase, string> = {
  listening: 'listening',
  connected: 'connected to every peer',
  done: 'done',
};

export type PhaseHooks = {
  /** Down for good (killed, not coming back): counts as done. */
  isGone(id: number): boolean;
  /** The run has failed: no wait goes on. */
  failed(): boolean;
  /** A phase timed out; `detail` names the VMs not there. */
  late(phase: Phase, detail: string): void;
  /** How a line names VM `id`: `VM 4`, with where it runs when that is another host (`VM 4 (host h2)`). */
  nameOf(id: number): string;
};

export class RunPhases {
  readonly #ids: readonly number[];
  readonly #timer: TimerPort;
  readonly #hooks: PhaseHooks;
  readonly #ports: (number | undefined)[] = [];
  readonly #connected = new Set<number>();
  readonly #stats: (VmFigures | undefined)[] = [];
  #wake: () => void = () => {};

  constructor(ids: readonly number[], timer: TimerPort, hooks: PhaseHooks) {
    this.#ids = ids;
    this.#timer = timer;
    this.#hooks = hooks;
  }

  /** Each VM's figures, once it reported them. */
  get stats(): (VmFigures | undefined)[] {
    return this.#stats;
  }

  /** Every VM's port, 0 where none is known (yet, or any more). */
  get ports(): number[] {
    return this.#ids.map((id) => this.#ports[id] ?? 0);
  }

  portOf(id: number): number {
    return this.#ports[id] ?? 0;
  }

  listening(id: number, port: number): void {
    this.#ports[id] = port;
  }

  connected(id: number): void {
    this.#connected.add(id);
  }

  done(id: number, stats: VmFigures): void {
    this.#stats[id] = stats;
  }

  /** A killed VM's life ended: it is connected no more. */
  ended(id: number): void {
    this.#connected.delete(id);
  }

  /** A new life is starting: its old port is forgotten until it listens again. */
  restarting(id: number): void {
    this.#ports[id] = undefined;
  }

  hasReported(id: number): boolean {
    return this.#stats[id] !== undefined;
  }

  /**
   * Waits until every VM reached `phase` (true), a failure, or the timeout (false either way); `after` says when
   * in the line of a timeout. A timeout is judged only after the I/O already pending is read. A deadline timer that
   * fires well after it was due woke a launcher that stood still past it (Ctrl-Z, fg): the VMs' word may be queued
   * behind much more than one read (a remote VM's `done` behind 100s of KB of relayed rows), so nothing is judged
   * then: the VMs get a fresh grace from that wake (the finish grace; a start phase, its own timeout).
   */
  until(phase: Phase, timeoutMs: number, after = `after ${Math.round(timeoutMs / 1000)} s`): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      let judgedAfter = after;
      const judge = () => {
        if (settled) return;
        const late = this.#ids.filter((id) => !this.#reached(id, phase)).map((id) => this.#hooks.nameOf(id));
        this.#hooks.late(phase, `${late.join(', ')} not ${phaseText[phase]} ${judgedAfter}`);
      };
      const arm = (ms: number): TimerHandle => {
        const dueAt = this.#timer.now() + Math.max(0, ms);
        return this.#timer.setTimer(() => {
          if (this.#timer.now() - dueAt <= stalledPastMs) return this.#timer.setImmediate(judge);
          const graceMs = phase === 'done' ? finishGraceMs : timeoutMs;
          judgedAfter = `${Math.round(graceMs / 1000)} s after the launcher resumed from a stall past its deadline`;
          timer = arm(graceMs);
        }, ms);
      };
      let timer = arm(timeoutMs);
      this.#wake = () => {
        if (this.#hooks.failed() || this.#ids.every((id) => this.#reached(id, phase))) {
          settled = true;
          timer.cancel();
          resolve(!this.#hooks.failed());
        }
      };
      this.#wake();
    });
  }

  /** Something changed (a VM's message or exit, a failure): the wait looks again. */
  wake(): void {
    this.#wake();
  }

  #reached(id: number, phase: Phase): boolean {
    switch (phase) {
      case 'listening':
        return this.#ports[id] !== undefined;
      case 'connected':
        return this.#connected.has(id);
      case 'done':
        return this.#stats[id] !== undefined || this.#hooks.isGone(id);
      default: {
        const never: never = phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }
}
