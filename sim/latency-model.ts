/**
 * How long a message copy takes from the sender's write to the receiver's network queue, in the simulation: a
 * shifted log-normal, `shift + exp(mu + sigma * Z)` microseconds, drawn from a seeded source. The default is the fit
 * to what real VMs measured on this machine's loopback (README "Simulation engine"; `node dist/scripts/fit-latency.js`
 * refits it from real run folders).
 */
import type { RandomSource } from '../shared/seeded-random.js';

export type LatencyParams = { shiftUs: number; mu: number; sigma: number };

/**
 * Fitted on 2026-12-01 to the 180 VMs of the notebook study (60 trials) at speed 20, on this 2-core machine shared with
 * other builds (load average 6.6): `npm run bench` step `sim` runs `launcher experiment config/experiment.json --speed
 * 20 --parallel 5 --seed 1000` and refits (`fitShiftedLogNormal`, as `node dist/scripts/fit-latency.js RUN...` does).
 * The model gives p50 213 us, p99 3.8 ms: a sleeping receiver's wake-up is most of it; the link itself is ~50 us
 * (README, Performance). An earlier fit on a machine four times as loaded gave mu 5.746, sigma 2.256 (p99 59 ms).
 */
export const fittedLoopback: LatencyParams = { shiftUs: 0, mu: 5.361, sigma: 1.242 };

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
