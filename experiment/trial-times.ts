/**
 * How long a trial still to run will take, from what the finished ones took. A trial on processes lasts its real
 * duration (durationSeconds / speed) plus the start/stop overhead measured so far (1 s until one has finished). A
 * trial on the sim engine runs in virtual time, as fast as the machine computes its ticks: its length is its ticks
 * (every VM's rate x the duration) at the pace the finished sim trials kept, unknown until one has finished (its
 * real duration would say 30 min for a trial done in 2 s).
 */
import { clockRatesFor } from '../config/clock-rates.js';
import type { Trial } from './experiment-plan.js';

const firstOverheadGuessMs = 1000;

export class TrialTimes {
  readonly #overheadsMs: number[] = [];
  #simMs = 0;
  #simTicks = 0;

  finished(trial: Trial, wallMs: number): void {
    if (isSim(trial)) {
      this.#simMs += wallMs;
      this.#simTicks += ticksOf(trial);
    } else this.#overheadsMs.push(Math.max(0, wallMs - trial.realDurationMs));
  }

  /** The expected wall time of `trial`, undefined for a sim trial while no sim trial has finished. */
  expectedMs(trial: Trial): number | undefined {
    if (isSim(trial)) return this.#simTicks === 0 ? undefined : (ticksOf(trial) * this.#simMs) / this.#simTicks;
    const overhead =
      this.#overheadsMs.length === 0
        ? firstOverheadGuessMs
        : this.#overheadsMs.reduce((sum, ms) => sum + ms, 0) / this.#overheadsMs.length;
    return trial.realDurationMs + overhead;
  }
}

export const isSim = (trial: Trial): boolean => trial.config.engine === 'sim';

const ticksOf = (trial: Trial): number =>
  clockRatesFor(trial.config, trial.seed).reduce((sum, rate) => sum + rate, 0) * trial.config.durationSeconds;
