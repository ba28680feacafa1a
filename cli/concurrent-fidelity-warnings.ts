/** The fidelity warnings (fidelity-warnings.ts) for an experiment, whose trials run `parallel` at a time. */
import { availableParallelism } from 'node:os';
import { clockRatesFor } from '../config/clock-rates.js';
import type { Trial } from '../experiment/experiment-plan.js';
import { fidelityWarnings } from './fidelity-warnings.js';

/** The fidelity warnings for the worst moment: the `parallel` trials with the most ticks per second running at once. */
export function concurrentFidelityWarnings(trials: readonly Trial[], parallel: number): string[] {
  const realRates = trials.map((t) => clockRatesFor(t.config, t.seed).map((rate) => rate * t.config.speed));
  const busiest = realRates
    .sort((a, b) => b.reduce((s, r) => s + r, 0) - a.reduce((s, r) => s + r, 0))
    .slice(0, parallel)
    .flat();
  return busiest.length === 0 ? [] : fidelityWarnings(busiest, availableParallelism());
}
