/**
 * One-way message latency as this VM sees it: from the sender's write to the frame's arrival in this VM's network
 * queue, in microseconds. Both ends read shared/precise-epoch.ts's preciseEpochMs, the same system clock at
 * microsecond resolution. Counted in 1 us buckets up to 100 ms (past that, one overflow bucket), so p50 and p99
 * are exact to the microsecond at the cost of one array increment per message.
 */
export type LatencyFigures = {
  count: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** Copies left out (only on several hosts): the clock offset between their sender's host and this one was unknown. */
  unknownOffset?: number;
};

const buckets = 100_000;

export class LatencyHistogram {
  readonly #counts = new Uint32Array(buckets + 1);
  #count = 0;
  #max = 0;
  #unknownOffset = 0;

  /**
   * Writes every bucket once, so that the memory behind them is mapped now: the array is mapped lazily, and a VM's
   * first copies each wrote a page for the first time (a page fault), in every VM at the start at once.
   */
  mapPages(): void {
    this.#counts.fill(0);
  }

  record(micros: number): void {
    const us = Math.max(0, Math.round(micros));
    this.#counts[Math.min(us, buckets)] = (this.#counts[Math.min(us, buckets)] ?? 0) + 1;
    this.#count += 1;
    this.#max = Math.max(this.#max, us);
  }

  /** A copy whose send stamp could not be put on this clock: counted, never given a latency. */
  unknownOffset(): void {
    this.#unknownOffset += 1;
  }

  figures(): LatencyFigures {
    const figures = { count: this.#count, p50Us: this.#quantile(0.5), p99Us: this.#quantile(0.99), maxUs: this.#max };
    return this.#unknownOffset === 0 ? figures : { ...figures, unknownOffset: this.#unknownOffset };
  }

  /** Nearest rank: the smallest value with at least q of the samples at or below it. */
  #quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil(q * this.#count);
    let seen = 0;
    for (let us = 0; us <= buckets; us++) {
      seen += this.#counts[us] ?? 0;
      if (seen >= rank) return us === buckets ? this.#max : us;
    }
    return this.#max;
  }
}
