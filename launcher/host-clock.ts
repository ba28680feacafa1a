/**
 * One host's clock against the launcher's, sampled NTP-style over a VM's control channel: the launcher sends at t1,
 * the VM receives at t2 and answers at t3 (its clock), the answer arrives at t4. offset = ((t2 - t1) + (t3 - t4)) / 2
 * is the host's clock minus the launcher's, exact to within +- rtt / 2 where rtt = (t4 - t1) - (t3 - t2). The
 * estimate in use is the sample with the smallest round trip among the recent ones (queueing only ever adds delay).
 * The run's end is sampled as its start is, by a burst (host-sampler.ts): `endSample` is the best of that burst, for
 * the manifest to set beside the start's (run-folder/host-clock-drift.ts judges how far the clock moved between).
 */
import { microsecondMs } from '../shared/microsecond-ms.js';

export type ClockSample = { atEpochMs: number; offsetMs: number; rttMs: number };

/** Samples kept per host for the manifest; past this, every other later sample is dropped (the first ones stay). */
const keptSamples = 500;
const keptFirst = 10;
/** How many recent samples the estimate picks its best from: a few sampling periods of drift, no more. */
const recent = 8;

export class HostClock {
  readonly #samples: ClockSample[] = [];
  #recent: ClockSample[] = [];
  #last: ClockSample | undefined;
  /** The samples since the end's burst began; undefined before it. */
  #atEnd: ClockSample[] | undefined;

  add(t1: number, t2: number, t3: number, t4: number): ClockSample {
    const sample = {
      atEpochMs: microsecondMs(t4),
      offsetMs: microsecondMs((t2 - t1 + (t3 - t4)) / 2),
      rttMs: microsecondMs(t4 - t1 - (t3 - t2)),
    };
    this.#recent = [...this.#recent.slice(-(recent - 1)), sample];
    this.#last = sample;
    this.#atEnd?.push(sample);
    this.#samples.push(sample);
    if (this.#samples.length > keptSamples) {
      const later = this.#samples.splice(keptFirst).filter((_, i) => i % 2 === 0);
      this.#samples.push(...later);
    }
    return sample;
  }

  get sampled(): boolean {
    return this.#recent.length > 0;
  }

  /** The best recent estimate of host minus launcher, in ms (0 before any sample). */
  get offsetMs(): number {
    return this.#best()?.offsetMs ?? 0;
  }

  get rttMs(): number | undefined {
    return this.#best()?.rttMs;
  }

  /** The median round trip of the recent samples: what a message to the host typically takes, there and back. */
  get typicalRttMs(): number | undefined {
    const rtts = this.#recent.map((sample) => sample.rttMs).sort((a, b) => a - b);
    return rtts[Math.floor(rtts.length / 2)];
  }

  /** The sample the estimate is now: the recent one with the smallest round trip. */
  get best(): ClockSample | undefined {
    return this.#best();
  }

  /** The samples from now on make the end's estimate. */
  beginEnd(): void {
    this.#atEnd ??= [];
  }

  /**
   * The end's estimate: the best sample since beginEnd; else (no VM of the host answered by then: they had ended)
   * the last sample taken, which its atEpochMs places. Undefined without any sample.
   */
  get endSample(): ClockSample | undefined {
    return smallestRtt(this.#atEnd ?? []) ?? this.#last;
  }

  get samples(): readonly ClockSample[] {
    return this.#samples;
  }

  #best(): ClockSample | undefined {
    return smallestRtt(this.#recent);
  }
}

function smallestRtt(samples: readonly ClockSample[]): ClockSample | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) if (best === undefined || sample.rttMs < best.rttMs) best = sample;
  return best;
}
