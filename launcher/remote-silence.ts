/**
 * The launcher's silences as its VMs on other hosts see them. A remote VM that hears nothing for silentChannelMs
 * takes its launcher for gone (shared/remote-messages.ts); so at a Ctrl-Z every VM is told to hold first, and nothing
 * else is written to it (keep-alives, clock samples) until the launcher runs again; and a run whose VMs stopped on
 * their own is blamed, at its end, on the launcher's own stall where one spanned their silence (silence-cut.ts).
 */
import { keepAliveMs } from '../shared/remote-messages.js';
import { backgroundTimer } from '../shared/timer-port.js';
import type { HostSampler } from './host-sampler.js';
import { type StallWatch, watchStalls } from './launcher-stall.js';
import type { HostState } from './remote-host-state.js';
import { type SilenceCut, SilenceRecord } from './silence-cut.js';

/** The longest a Ctrl-Z waits for the word to hold to reach the ssh clients. */
const holdWithinMs = 500;

export class RemoteSilence {
  readonly #sampler: HostSampler;
  readonly #hosts: () => readonly HostState[];
  /** How long the launcher stood still, from its first VM's start to the run's end. */
  #stalls: StallWatch | undefined;
  readonly #record = new SilenceRecord((during) => this.#stalls?.longestMs(during) ?? 0);

  constructor(sampler: HostSampler, hosts: () => readonly HostState[]) {
    this.#sampler = sampler;
    this.#hosts = hosts;
  }

  /** A VM starts: the launcher's stalls are watched from the first one on. */
  started(): void {
    this.#stalls ??= watchStalls(backgroundTimer, keepAliveMs);
  }

  /** VM `vm` on `host` says it gave the launcher up after `quietMs` of silence. */
  unheard(host: string, vm: number, quietMs: number): void {
    this.#record.unheard(host, vm, quietMs, Date.now());
  }

  /**
   * The launcher is about to stop (Ctrl-Z): every VM is told to hold, so that it does not take the silence for a
   * cut. Resolves once every word is handed to its ssh client, or after holdWithinMs (a stalled one must not delay
   * the stop).
   */
  hold(): Promise<void> {
    // The clock samples are held back too: a ping written after a VM's hold would end it.
    this.#sampler.pause();
    const told = this.#hosts().flatMap((host) => [...host.lives].map((life) => life.outbox.hold()));
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, holdWithinMs).unref();
      void Promise.all(told).then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Running again after a Ctrl-Z: keep-alives and clock samples go on. */
  resume(): void {
    for (const host of this.#hosts()) for (const life of host.lives) life.outbox.resume();
    this.#sampler.resume();
  }

  cut(): SilenceCut | undefined {
    return this.#record.cut();
  }

  stop(): void {
    this.#stalls?.stop();
  }
}
