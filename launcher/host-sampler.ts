/**
 * When and over which channel each host's clock is sampled (host-clock.ts does the arithmetic): a burst as a host's
 * first VM listens, until the start instant is handed over; then every few seconds; and a burst again at the end,
 * while the VMs' channels are still up: a little ahead of the planned stop, or as soon as an earlier stop is sent.
 * Each sample goes over an open VM channel of that host; an answer that matches no question is ignored.
 */
import type { LauncherToRemoteVm } from '../shared/remote-messages.js';
import type { HostClock } from './host-clock.js';

/** Samples per host before the start (the best of them sets the start instant there), and the period after. */
const burstSamples = 5;
const samplePeriodMs = 3000;
/**
 * How far ahead of the planned stop the end's burst begins: each VM answers until it has traded its end markers and
 * relayed its rows, but a host whose clock runs fast stops early by its drift, and its VMs may be gone by the
 * launcher's stop instant if every peer's were too. A burst of round trips (sequential) plus 50 ms of slack.
 */
export const endBurstLeadMs = (typicalRttMs: number): number => 50 + burstSamples * typicalRttMs;

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
  #endTimer: NodeJS.Timeout | undefined;
  /** Per host, the pings its end's burst has still to make; empty before the end. */
  readonly #endBurst = new Map<SampledHost, number>();
  #ended = false;

  /** `now`: the launcher's clock, epoch ms with fractions. */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** Held back while the launcher stops for a Ctrl-Z (remote-silence.ts says why). */
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
    const endLeft = this.#endBurst.get(host) ?? 0;
    if (endLeft > 0) {
      this.#endBurst.set(host, endLeft - 1);
      this.ping(host);
    }
  }

  /** From the start on: every host every few seconds, and the end's burst just ahead of the planned stop (epoch ms). */
  sampleDuringRun(hosts: readonly SampledHost[], stopEpochMs: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      for (const host of hosts) this.ping(host);
    }, samplePeriodMs).unref();
    const rtt = Math.max(0, ...hosts.map((host) => host.clock.typicalRttMs ?? 0));
    const inMs = stopEpochMs - endBurstLeadMs(rtt) - this.#now();
    this.#endTimer = setTimeout(() => this.sampleAtEnd(hosts), Math.max(0, inMs)).unref();
  }

  /** The end's burst on every host, once: at the planned time, or when a stop is sent before it. */
  sampleAtEnd(hosts: readonly SampledHost[]): void {
    if (this.#ended) return;
    this.#ended = true;
    this.stop();
    for (const host of hosts) {
      host.clock.beginEnd();
      this.#endBurst.set(host, burstSamples - 1);
      this.ping(host);
    }
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#endTimer !== undefined) clearTimeout(this.#endTimer);
  }
}
