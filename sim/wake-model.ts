/**
 * How late a VM's tick runs after its deadline, in the simulation. A VM process sleeps until each deadline and the
 * OS wakes it a little after it (the timer's slack, other processes on the two cores): a fraction of a millisecond
 * typically, more than a copy takes over loopback. That order decides a race the classic experiment is full of: at
 * an instant two VMs' deadlines share (with rates 3, 4 and 5, every second; at every tick of two VMs at one rate), a
 * copy sent at the instant often reaches its peer before the peer's own late tick, which then takes it at once.
 * Ticks exactly at their deadlines never saw such a copy in time, so the sim had fewer receives without a clock gap
 * and smaller jumps than real processes (README "Simulation engine").
 *
 * Drawn per tick from a log-normal fitted to real runs (wake-fit.ts), from a stream of its own per VM, so a VM's
 * event and fault draws are those of a sim without it.
 */

import { type RandomSource, seededRandom, vmStream } from '../shared/seeded-random.js';
import { normalCdf, normalQuantile } from './fit-math.js';
import { type LogNormalParams, logNormalQuantileUs } from './log-normal.js';

/**
 * Fitted on 2026-12-02 to the 158 VMs with 100 ticks or more of the notebook study at speed 20 (`launcher experiment
 * config/experiment.json --speed 20 --parallel 5 --seed 1000`, 60 trials of 3 VMs at 20-120 ticks/s), on this
 * 2-core machine with other work on it (load average 3-5), by `node dist/scripts/fit-wake.js` (`npm run bench`, step
 * `sim`, refits it): the median VM's ticks ran p10 0.25 ms, p50 0.79 ms and p99 4.8 ms after their deadlines (the
 * model: 0.26, 0.71 and 4.4 ms).
 */
export const fittedWake: LogNormalParams = { shiftUs: 0, mu: 6.56, sigma: 0.79 };

/** Quantiles per table: a draw is one of them, picked uniformly (one random integer, no logarithm per tick). */
const tableSize = 1024;

export type WakeDraw = {
  /** One tick's lateness after its deadline, in ms. */
  lateMs(): number;
};

/**
 * Draws from the model truncated at half the VM's period: it is a wake-up's slack, not a machine too busy for the
 * rate, so a simulated tick never runs past the next one's deadline on its own (a paused VM's catch-up ticks still
 * run late). Truncated, not clamped: at a high rate a clamp would stack most draws on the half period, and two VMs at
 * one rate would tie there again. `tables` shares one table among VMs at one rate.
 */
export function wakeDraw(
  params: LogNormalParams,
  rate: number,
  random: RandomSource,
  tables: Map<number, Float64Array>,
): WakeDraw {
  let table = tables.get(rate);
  if (table === undefined) {
    table = wakeTable(params, 500 / rate);
    tables.set(rate, table);
  }
  const quantiles = table;
  return { lateMs: () => quantiles[random.int(0, tableSize - 1)] as number };
}

/** The wake-up model draws from its own streams: it never shifts a VM's event, fault or latency draws. */
const wakeStream = (seed: number) => (seed ^ 0x68e31da4) >>> 0;

/** A draw per VM (by id, at its real rate), each from its own stream of the run's seed; one table per rate. */
export function vmWakeDraws(params: LogNormalParams, realRates: readonly number[], seed: number): WakeDraw[] {
  const tables = new Map<number, Float64Array>();
  return realRates.map((rate, id) => wakeDraw(params, rate, seededRandom(wakeStream(seed), vmStream(id)), tables));
}

/** The model's quantiles at the middles of `tableSize` equal slices of its probability up to `capMs`, in ms. */
function wakeTable(params: LogNormalParams, capMs: number): Float64Array {
  const capUs = capMs * 1000;
  const below = capUs <= params.shiftUs ? 0 : normalCdf((Math.log(capUs - params.shiftUs) - params.mu) / params.sigma);
  const table = new Float64Array(tableSize);
  for (let i = 0; i < tableSize; i++) {
    const p = ((i + 0.5) / tableSize) * below;
    // Nothing of the model lies under the cap (a period shorter than its shift): every tick at its deadline.
    table[i] = p <= 0 ? 0 : Math.min(capUs, logNormalQuantileUs(params, normalQuantile(p))) / 1000;
  }
  return table;
}
