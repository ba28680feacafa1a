/**
 * When and over which channel each host's clock is sampled (host-clock.ts does the arithmetic): a burst as a host's
 * first VM listens, until the start instant is handed over; then every few seconds and once at the stop instant.
 * Each sample goes over an open VM channel of that host; an answer that matches no question is ignored.
 */
import type { LauncherToRemoteVm } from '../shared/remote-messages.js';
import type { HostClock } from './host-clock.js';

/** Samples per host before the start (the best of them sets the start instant there), and the period after. */
const burstSamples = 5;
const samplePeriodMs = 3000;

export type SampledHost = {
  clock: HostClock;
  /** Set once the start instant went to the host: the burst is over. */
  startOffsetMs: number | undefined;
  /** A way to write to one of its VMs now, if any is open. */
  channel(): ((message: LauncherToRemoteVm) => void) | undefined;
};

export class HostSampler {
  readonly #now: () => number;
  readonly #pings = new Map<number, { host: SampledHost; t1: number }>();
  #count = 0;
  #paused = false;
  #timer: NodeJS.Timeout | undefined;

  /** `now`: the launcher's clock, epoch ms with fractions. */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** Held back while the launcher stops for a Ctrl-Z (remote-vm-transport.ts says why). */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  ping(host: SampledHost): void {
    if (this.#paused) return;
    const write = host.channel();
    if (write === undefined) return;
    const n = this.#count++;
    const t1 = this.#now();
    this.#pings.set(n, { host, t1 });
    write({ type: 'ping', n, t1 });
  }

  onPong(pong: { n: number; t1: number; t2: number; t3: number }): void {
    const t4 = this.#now();
    const ping = this.#pings.get(pong.n);
    if (ping === undefined || ping.t1 !== pong.t1) return;
    this.#pings.delete(pong.n);
    const { host } = ping;
    host.clock.add(pong.t1, pong.t2, pong.t3, t4);
    if (host.startOffsetMs === undefined && host.clock.samples.length < burstSamples) this.ping(host);
  }

  /** From the start on: every host every few seconds, and at the stop instant (launcher epoch ms). */
  sampleDuringRun(hosts: readonly SampledHost[], stopEpochMs: number): void {
    if (this.#timer !== undefined) return;
    const all = () => {
      for (const host of hosts) this.ping(host);
    };
    this.#timer = setInterval(all, samplePeriodMs).unref();
    setTimeout(all, Math.max(0, stopEpochMs - Date.now())).unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }
}
