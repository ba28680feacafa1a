import { describe, expect, test } from '@jest/globals';
import { seededRandom } from '../../shared/seeded-random.js';
import { normalQuantile } from '../../sim/fit-math.js';
import { fitShiftedLogNormal } from '../../sim/latency-fit.js';
import { logNormalQuantileUs, shiftedLogNormal } from '../../sim/log-normal.js';

describe('the latency model and its fit', () => {
  test('the normal quantile matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });

  test("draws follow the model's quantiles", () => {
    const params = { shiftUs: 40, mu: Math.log(200), sigma: 0.8 };
    const model = shiftedLogNormal(params, seededRandom(5, 1));
    const us = Array.from({ length: 20_000 }, () => model.sampleMs() * 1000).sort((a, b) => a - b);
    expect(us[10_000]).toBeGreaterThan(logNormalQuantileUs(params, 0) * 0.95);
    expect(us[10_000]).toBeLessThan(logNormalQuantileUs(params, 0) * 1.05);
    expect(us[19_800]).toBeGreaterThan(logNormalQuantileUs(params, normalQuantile(0.99)) * 0.85);
    expect(us[19_800]).toBeLessThan(logNormalQuantileUs(params, normalQuantile(0.99)) * 1.15);
    expect(us[0]).toBeGreaterThan(40);
  });

  test('the fit recovers a model from the quantiles VMs report, and refuses too little data', () => {
    const params = { shiftUs: 0, mu: Math.log(300), sigma: 1.5 };
    const count = 999;
    const vm = {
      count,
      p50Us: logNormalQuantileUs(params, 0),
      p99Us: logNormalQuantileUs(params, normalQuantile(0.99)),
      maxUs: logNormalQuantileUs(params, normalQuantile(1 - 1 / (count + 1))),
    };
    const fit = fitShiftedLogNormal([vm, vm, vm]);
    expect(fit?.params.mu).toBeCloseTo(params.mu, 2);
    expect(fit?.params.sigma).toBeCloseTo(params.sigma, 2);
    expect(fitShiftedLogNormal([{ ...vm, count: 5 }])).toBeUndefined();
  });
});
