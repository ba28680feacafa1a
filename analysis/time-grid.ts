/**
 * The common time grid drift is measured on. Each VM's logical clock is a step function of elapsed time that only
 * changes at its own ticks, and VMs tick at different instants; sampling every VM at the same instants
 * (t = k x step, k = 1, 2, ...) makes "the highest clock at that time" well defined and keeps one number per VM per
 * grid point instead of every row.
 */

/** Finest step; runs longer than 1000 s get a coarser one so that a VM never holds more than maxGridPoints. */
export const baseGridStepMs = 100;
export const maxGridPoints = 10_000;

export function gridStepMs(durationSeconds: number): number {
  return Math.max(baseGridStepMs, Math.ceil((durationSeconds * 1000) / maxGridPoints));
}

/**
 * Samples a step function on the grid: the value at t is the value after the last event with elapsed <= t, and 0
 * before the first event (a clock starts at 0). `samples[i]` is the value at t = (i + 1) x step.
 */
export class StepSampler {
  readonly #stepMs: number;
  readonly #samples: number[] = [];
  /** A bogus elapsed_ms (say 1e15) must not fill memory: the grid never grows past twice its planned size. */
  readonly #cap = 2 * maxGridPoints;
  #value = 0;

  constructor(stepMs: number) {
    this.#stepMs = stepMs;
  }

  /** An event at `elapsedMs` that leaves the function at `value`. Events come in time order. */
  observe(elapsedMs: number, value: number): void {
    // Grid points strictly before this event still see the old value; a point exactly at it sees the new one.
    while (this.#nextPointMs() < elapsedMs && this.#samples.length < this.#cap) this.#samples.push(this.#value);
    this.#value = value;
  }

  /** The grid points passed so far; the value after the last event holds from there on (see extendGrid). */
  samples(): number[] {
    return this.#samples;
  }

  #nextPointMs(): number {
    return (this.#samples.length + 1) * this.#stepMs;
  }
}

/** Holds `value` over the grid points after `samples` up to and including `untilMs`; returns a new array. */
export function extendGrid(samples: readonly number[], value: number, untilMs: number, stepMs: number): number[] {
  const points = Math.min(2 * maxGridPoints, Math.floor(untilMs / stepMs));
  const extended = samples.slice(0, Math.max(points, 0));
  while (extended.length < points) extended.push(value);
  return extended;
}
