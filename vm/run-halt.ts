/**
 * What ends a VM's run before its stop instant, and what it ends: a stop asked (Ctrl-C, the launcher's stop, by hand
 * a peer's) moves the tick loop's end to its instant; a failure ends the run at once (no more ticks, no end markers:
 * the launcher, or the peers by hand, see the VM go), and only the first one counts. Either ends the start naps:
 * a VM stopped or failed in the lead ends then, not at the start.
 */
import type { TimerPort } from '../shared/timer-port.js';
import type { StartNaps } from './start-nap.js';

/**
 * The run cannot go on: a peer sent a value outside its bounds, this VM's queues passed their memory bound, its
 * CSV cannot be written (a full disk: `detail` is `cannot write .../vm-0.csv (ENOSPC)`), or (by hand) the session
 * it was started into had started without it.
 */
export type VmFailure = {
  ok: false;
  reason: 'peer-out-of-range' | 'queue-full' | 'peer-lost' | 'cannot-write' | 'session-started';
  detail: string;
};

export class RunHalt {
  /** The earliest stop asked, in epoch ms (infinite while none was). */
  #stopRequest = Number.POSITIVE_INFINITY;
  #failure: VmFailure | undefined;
  #onFailure: (failed: VmFailure) => void = () => {};
  /** Settles with the first failure: the waits it cuts short (the connect, the start's agreement) race it. */
  readonly failed = new Promise<VmFailure>((resolve) => {
    this.#onFailure = resolve;
  });
  /** Set from ready to the start. */
  #naps: StartNaps | undefined;
  #loop: { stopBy(at: number): void } | undefined;
  readonly #timer: Pick<TimerPort, 'now'>;
  readonly #toLocal: (epochMs: number) => number;

  /** `toLocal` turns epoch ms into the timer's clock. */
  constructor(timer: Pick<TimerPort, 'now'>, toLocal: (epochMs: number) => number) {
    this.#timer = timer;
    this.#toLocal = toLocal;
  }

  get stopRequest(): number {
    return this.#stopRequest;
  }

  get failure(): VmFailure | undefined {
    return this.#failure;
  }

  /** The naps from ready to the start: a stop or a failure from now on ends them, and one that came already does. */
  napsBegun(naps: StartNaps): void {
    this.#naps = naps;
    if (this.#stopRequest !== Number.POSITIVE_INFINITY || this.#failure !== undefined) naps.stop();
  }

  /** The tick loop, armed: its end moves to a stop asked before, or to now after a failure (before tick 0). */
  loopArmed(loop: { stopBy(at: number): void }): void {
    this.#loop = loop;
    loop.stopBy(this.#toLocal(this.#stopRequest));
    if (this.#failure !== undefined) loop.stopBy(this.#timer.now());
  }

  requestStop(atEpochMs: number): void {
    this.#stopRequest = Math.min(this.#stopRequest, atEpochMs);
    this.#naps?.stop();
    this.#loop?.stopBy(this.#toLocal(atEpochMs));
  }

  fail(reason: VmFailure['reason'], detail: string): void {
    if (this.#failure !== undefined) return;
    this.#failure = { ok: false, reason, detail };
    this.#naps?.stop();
    this.#loop?.stopBy(this.#timer.now());
    this.#onFailure(this.#failure);
  }
}
