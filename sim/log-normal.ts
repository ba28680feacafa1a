/**
 * The shifted log-normal the simulation draws its times from (a copy's transit, a tick's wake-up lateness):
 * `shift + exp(mu + sigma * Z)` microseconds, drawn from a seeded source, so the same seed gives the same times.
 */
import type { RandomSource } from '../shared/seeded-random.js';

export type LogNormalParams = { shiftUs: number; mu: number; sigma: number };

/** A fit of the model to measured quantiles: over `vms` VMs' medians, `points` quantiles, its rms error in ln(us). */
export type LogNormalFit = { params: LogNormalParams; vms: number; points: number; rmsLog: number };

export type LogNormalModel = {
  /** One draw, in milliseconds. */
  sampleMs(): number;
};

/** Uniform in (0, 1): never 0, so its logarithm is finite. */
const unit = (random: RandomSource) => (random.int(0, 2 ** 30 - 1) + 0.5) / 2 ** 30;

export function shiftedLogNormal(params: LogNormalParams, random: RandomSource): LogNormalModel {
  let spare: number | undefined;
  // Box-Muller: two uniforms give two independent normals; the second is kept for the next draw.
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

/** The quantile of the model at standard normal `z`, in microseconds (for the fits' reports and the tests). */
export function logNormalQuantileUs(params: LogNormalParams, z: number): number {
  return params.shiftUs + Math.exp(params.mu + params.sigma * z);
}
