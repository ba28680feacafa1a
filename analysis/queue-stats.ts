/**
 * A VM's message-queue length over its run (queue_len: messages left after each tick), and whether it grows
 * without bound: a VM ticking slower than its peers send to it falls further behind every second.
 */
import { LeastSquares } from './least-squares.js';

/**
 * `unbounded` is true when all three hold:
 *  - the least-squares slope of queue_len against elapsed seconds is above minSlopePerSecond (steady growth),
 *  - the last quarter's mean is more than lastToFirst x the first quarter's (growth, not a high plateau),
 *  - the last quarter's mean is at least minLastQuarterMean (a few messages, not noise around 0).
 * Quarters are of the VM's own span (0 to its last elapsed_ms), counted on time buckets of the drift grid.
 */
export const unboundedRule = { minSlopePerSecond: 0.05, lastToFirst: 2, minLastQuarterMean: 1 } as const;

export type QueueStats = {
  /** Mean of queue_len over the VM's ticks; null with no ticks. */
  mean: number | null;
  max: number | null;
  /** queue_len after the VM's last tick. */
  atLastTick: number | null;
  slopePerSecond: number | null;
  firstQuarterMean: number | null;
  lastQuarterMean: number | null;
  unbounded: boolean;
};

/** Buckets never exceed this many, whatever elapsed_ms a broken row claims. */
const maxBuckets = 20_000;

export class QueueTracker {
  readonly #bucketMs: number;
  readonly #fit = new LeastSquares();
  readonly #sums: number[] = [];
  readonly #counts: number[] = [];
  #max = Number.NEGATIVE_INFINITY;
  #last: number | null = null;
  #lastElapsedMs = 0;

  constructor(bucketMs: number) {
    this.#bucketMs = bucketMs;
  }

  add(elapsedMs: number, queueLen: number): void {
    this.#fit.add(elapsedMs / 1000, queueLen);
    if (queueLen > this.#max) this.#max = queueLen;
    this.#last = queueLen;
    this.#lastElapsedMs = elapsedMs;
    const bucket = Math.min(maxBuckets - 1, Math.max(0, Math.floor(elapsedMs / this.#bucketMs)));
    while (this.#sums.length <= bucket) {
      this.#sums.push(0);
      this.#counts.push(0);
    }
    this.#sums[bucket] = (this.#sums[bucket] ?? 0) + queueLen;
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1;
  }

  stats(): QueueStats {
    const span = this.#lastElapsedMs;
    const first = this.#meanOver((startMs) => startMs < span / 4);
    const last = this.#meanOver((startMs) => startMs >= (3 * span) / 4);
    const slope = this.#fit.slope();
    const unbounded =
      slope !== null &&
      first !== null &&
      last !== null &&
      slope > unboundedRule.minSlopePerSecond &&
      last > unboundedRule.lastToFirst * first &&
      last >= unboundedRule.minLastQuarterMean;
    return {
      mean: this.#fit.meanY,
      max: this.#last === null ? null : this.#max,
      atLastTick: this.#last,
      slopePerSecond: slope,
      firstQuarterMean: first,
      lastQuarterMean: last,
      unbounded,
    };
  }

  #meanOver(inQuarter: (bucketStartMs: number) => boolean): number | null {
    let sum = 0;
    let count = 0;
    this.#counts.forEach((n, i) => {
      if (n > 0 && inQuarter(i * this.#bucketMs)) {
        sum += this.#sums[i] ?? 0;
        count += n;
      }
    });
    return count === 0 ? null : sum / count;
  }
}
