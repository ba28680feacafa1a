/**
 * How long a message copy takes from the sender's write to the receiver's network queue, in the simulation: a
 * shifted log-normal, `shift + exp(mu + sigma * Z)` microseconds, drawn from a seeded source. The default is the fit
 * to what real VMs measured on this machine's loopback (README "Simulation engine"; `node dist/scripts/fit-latency.js`
 * refits it from real run folders).
 */
import type { RandomSource } from '../shared/seeded-random.js';

export type LatencyParams = { shiftUs: number; mu: number; sigma: number };

/**
 * Fitted on 2026-12-01 to the 60 VMs of the notebook study at speed 20 on this (busy, 2-core) machine:
 * `launcher experiment config/experiment.json --speed 20 --parallel 5 --seed 1000 --out S`, then
 * `node dist/scripts/fit-latency.js S/<variant>/trial-<k>...` (every trial). The median VM measured
 * p50 353 us, p99 48.8 ms; the model gives p50 313 us, p99 59 ms. A sleeping receiver's wake-up on a loaded machine
 * is most of it: the link itself is ~50 us (README, Performance).
 */
export const fittedLoopback: LatencyParams = { shiftUs: 0, mu: 5.746, sigma: 2.2556 };

export type LatencyModel = {
  /** One copy's transit time, in milliseconds. */
  sampleMs(): number;
};

/** Uniform in (0, 1): never 0, so its logarithm is finite. */
const unit = (random: RandomSource) => (random.int(0, 2 ** 30 - 1) + 0.5) / 2 ** 30;

export function shiftedLogNormal(params: LatencyParams, random: RandomSource): LatencyModel {
  let spare: number | undefined;
  // Box-Muller: two uniforms give two independent normals; the second is kept for the next copy.
  const normal = () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(unit(random)));
    const angle = 2 * Math.PI * unit(random);
    spare = r * Math.sin(angle);
    return r * Math.cos(angle);
  };
  return { sampleMs: () => (params.shiftUs + Math.exp(params.mu + params.sigma * normal())) / 1000 };
}

/** The p-quantile of the model, in microseconds (for the fit's report and the tests). */
export function latencyQuantileUs(params: LatencyParams, z: number): number {
  return params.shiftUs + Math.exp(params.mu + params.sigma * z);
}
