import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parseRunConfig } from '../../config/load-config.js';
import { executeSim } from '../../sim/execute-sim.js';
import { normalQuantile } from '../../sim/fit-math.js';
import { logNormalQuantileUs } from '../../sim/log-normal.js';
import { measuredWake } from '../../sim/measured-wake.js';
import { fitWake, wakeQuantiles } from '../../sim/wake-fit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/runs/${name}`, import.meta.url));

describe('the wake-up model fit', () => {
  test('recovers a model from the four quantiles of the median VM, and refuses VMs with too few ticks', () => {
    const params = { shiftUs: 0, mu: Math.log(700), sigma: 0.8 };
    const q = (p: number) => logNormalQuantileUs(params, normalQuantile(p));
    const vm = { ticks: 1000, p10Us: q(0.1), p50Us: q(0.5), p90Us: q(0.9), p99Us: q(0.99) };
    const far = { ticks: 1000, p10Us: 10 * q(0.1), p50Us: 10 * q(0.5), p90Us: 10 * q(0.9), p99Us: 10 * q(0.99) };
    const fit = fitWake([vm, far, vm]);
    expect(fit?.params.mu).toBeCloseTo(params.mu, 6);
    expect(fit?.params.sigma).toBeCloseTo(params.sigma, 6);
    expect(fit?.params.shiftUs).toBe(0);
    expect(fitWake([{ ...vm, ticks: 99 }])).toBeUndefined();
  });

  test('a quantile of 0 us (a tick on time to the microsecond) still fits', () => {
    const fit = fitWake([{ ticks: 500, p10Us: 0, p50Us: 300, p90Us: 1200, p99Us: 4000 }]);
    expect(Number.isFinite(fit?.params.mu)).toBe(true);
    expect(fit?.params.sigma).toBeGreaterThan(0);
  });

  test('quantiles are nearest-rank over the ticks', () => {
    const lateUs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(wakeQuantiles(lateUs)).toEqual({ ticks: 10, p10Us: 1, p50Us: 5, p90Us: 9, p99Us: 10 });
  });

  test("reads each VM's lateness from a run folder's rows: early counts as 0", async () => {
    const read = await measuredWake(fixture('late-ticks'));
    if (!read.ok) throw new Error(read.detail);
    const [vm0, vm1] = read.vms;
    // VM 0's ticks (README of the fixtures): 0.25, 0.1, -0.001, 100, 100.001, 120.5, 20.9, 0.05, 0.02, 0.01 ms late.
    expect(vm0?.ticks).toBe(10);
    expect(vm0?.p10Us).toBe(0);
    expect(vm0?.p50Us).toBeCloseTo(100, 3);
    expect(vm0?.p90Us).toBeCloseTo(100_001, 3);
    expect(vm0?.p99Us).toBeCloseTo(120_500, 3);
    expect(vm1).toMatchObject({ ticks: 4 });
    expect(vm1?.p50Us).toBeCloseTo(700, 3);
  });

  test('the real rate is the configured rate x speed; VMs an injected pause or kill made late are left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-wake-fit-'));
    try {
      await cp(fixture('late-ticks'), dir, { recursive: true });
      // The same rows at speed 2: the configured rates halve, the real ones (and so the lateness) stay.
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
      const atSpeed = {
        ...manifest,
        speed: 2,
        clockRates: [5, 2],
        config: { ...manifest.config, speed: 2, clockRates: [5, 2], durationSeconds: 2 },
      };
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(atSpeed));
      const read = await measuredWake(dir);
      if (!read.ok) throw new Error(read.detail);
      expect(read.vms.map((vm) => [vm.ticks, Math.round(vm.p50Us)])).toEqual([
        [10, 100],
        [4, 700],
      ]);
      for (const faults of [
        { pauses: [{ vm: 1, atSecond: 1, forSeconds: 0.5 }] },
        { kills: [{ vm: 1, atSecond: 1 }] },
      ]) {
        const faulted = { ...atSpeed, config: { ...atSpeed.config, faults } };
        await writeFile(join(dir, 'manifest.json'), JSON.stringify(faulted));
        const left = await measuredWake(dir);
        if (!left.ok) throw new Error(left.detail);
        expect(left.vms.map((vm) => vm.ticks)).toEqual([10]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a sim run's lateness is the model's own: none is read from it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-wake-fit-'));
    try {
      const parsed = parseRunConfig({ machines: 2, clockRates: [100, 100], durationSeconds: 2, seed: 1 }, 'test');
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      expect((await executeSim(parsed.config, { dir, runId: 'r' })).kind).toBe('ended');
      expect(await measuredWake(dir)).toEqual({ ok: true, vms: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a folder that is not a run is refused with the file at fault', async () => {
    const read = await measuredWake(fixture('no-such-run'));
    expect(read.ok).toBe(false);
  });
});
