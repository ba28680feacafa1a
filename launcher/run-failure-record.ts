/**
 * The failure a run ends with. The first one met stays: what follows it (VMs stopped in order, a deadline met on the
 * way out) is its consequence. Two things overrule it: a second signal that killed every VM before the stop instant
 * the first one told (none reached it), and remote VMs cut short by silence (silence-cut.ts) when their silence began
 * before it.
 */
import { killedBeforeTheStop } from './early-stop.js';
import type { RunFailure } from './failure-reason.js';
import type { SilenceCut } from './silence-cut.js';

export class RunFailureRecord {
  readonly #now: () => number;
  readonly #onFirst: () => void;
  #failure: RunFailure | undefined;
  /** When the failure was met (epoch ms). */
  #failedAt = 0;
  /** When a second signal killed every VM (epoch ms), if one did. */
  #killedAt: number | undefined;

  /** `now`: the clock (epoch ms); `onFirst`: the first failure was met (whoever waits on a phase stops waiting). */
  constructor(now: () => number, onFirst: () => void) {
    this.#now = now;
    this.#onFirst = onFirst;
  }

  get failure(): RunFailure | undefined {
    return this.#failure;
  }

  get killedAt(): number | undefined {
    return this.#killedAt;
  }

  fail(failure: RunFailure): void {
    if (this.#failure !== undefined) return;
    this.#failure = failure;
    this.#failedAt = this.#now();
    this.#onFirst();
  }

  /** A second Ctrl-C: every VM is killed now. */
  killed(): void {
    this.#killedAt ??= this.#now();
    this.fail({ reason: 'killed', detail: 'killed at once by a second signal to the launcher' });
  }

  /** That kill came before the stop instant the first signal told (early-stop.ts): no VM reached it. */
  killedInLead(): void {
    this.#failure = { reason: 'killed', detail: killedBeforeTheStop };
  }

  /**
   * VMs that stopped early on their own, having heard nothing from the launcher (remote VMs), would otherwise end the
   * run ok with short VMs, or fail it for what followed (a finish deadline met on resume). A failure met before the
   * silence began stays first.
   */
  blameSilence(cut: SilenceCut | undefined): void {
    if (cut === undefined) return;
    if (this.#failure !== undefined && this.#failedAt < cut.sinceEpochMs) return;
    this.#failure = cut.failure;
  }
}
