import { describe, expect, test } from '@jest/globals';
import { clockRatesFor } from '../../config/clock-rates.js';
import { parseRunConfig } from '../../config/load-config.js';
import type { RunConfig } from '../../config/run-config.js';
import { newRunId, resolveRun } from '../../launcher/resolve-run.js';

const configOf = (raw: unknown): RunConfig => {
  const result = parseRunConfig(raw, 'test');
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
};

describe('newRunId', () => {
  test('is the UTC time stamp and 12 hex digits (48 random bits)', () => {
    const id = newRunId(new Date(Date.UTC(2026, 10, 26, 0, 30, 12, 999)));
    expect(id).toMatch(/^20261126-003012-[0-9a-f]{12}$/);
  });

  test('pads every field', () => {
    expect(newRunId(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toMatch(/^20270102-030405-[0-9a-f]{12}$/);
  });

  test('ids of one second differ by their suffix, and sort by time', () => {
    const when = new Date(Date.UTC(2026, 0, 1));
    const ids = new Set(Array.from({ length: 20 }, () => newRunId(when)));
    expect(ids.size).toBe(20);
    const earlier = newRunId(new Date(Date.UTC(2026, 0, 1, 9, 59, 59)));
    const later = newRunId(new Date(Date.UTC(2026, 0, 1, 10, 0, 0)));
    expect(earlier < later).toBe(true);
  });

  test('defaults to now', () => {
    const before = new Date();
    const stamp = before.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 8);
    expect(newRunId().startsWith(stamp)).toBe(true);
  });
});

describe('resolveRun', () => {
  test('one spec per VM with the config values, the seed and the drawn rates', () => {
    const config = configOf({
      machines: 4,
      clockRate: { min: 2, max: 9 },
      eventRange: 7,
      seed: 31,
      network: { host: 'localhost' },
    });
    const run = resolveRun(config, '/tmp/out', 'run-1', true);
    expect(run.runId).toBe('run-1');
    expect(run.seed).toBe(31);
    expect(run.config).toEqual({ ...config, seed: 31 });
    expect(run.clockRates).toEqual(clockRatesFor(config, 31));
    expect(run.realRates).toEqual(run.clockRates);
    expect(run.realDurationMs).toBe(60_000);
    expect(run.specs).toHaveLength(4);
    run.specs.forEach((spec, id) => {
      expect(spec).toEqual({
        id,
        machines: 4,
        runId: 'run-1',
        clockRate: run.clockRates[id],
        eventRange: 7,
        seed: 31,
        host: 'localhost',
        port: 0,
        outDir: '/tmp/out',
        secret: run.specs[0]?.secret,
        verbose: true,
      });
    });
  });

  test('the secret is not empty, the same for every VM, and new for every run', () => {
    const config = configOf({ machines: 5, seed: 1 });
    const run = resolveRun(config, 'out', 'r', false);
    const secrets = new Set(run.specs.map((spec) => spec.secret));
    expect(secrets.size).toBe(1);
    const [secret] = [...secrets];
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveRun(config, 'out', 'r', false).specs[0]?.secret).not.toBe(secret);
  });

  test('port is basePort + id when basePort is set, 0 otherwise', () => {
    const fixed = resolveRun(configOf({ machines: 3, seed: 1, network: { basePort: 5000 } }), 'o', 'r', false);
    expect(fixed.specs.map((spec) => spec.port)).toEqual([5000, 5001, 5002]);
    const ephemeral = resolveRun(configOf({ machines: 3, seed: 1 }), 'o', 'r', false);
    expect(ephemeral.specs.map((spec) => spec.port)).toEqual([0, 0, 0]);
  });

  test('fixed clockRates go to the VMs in order', () => {
    const run = resolveRun(configOf({ machines: 3, clockRates: [4, 1, 6], seed: 0 }), 'o', 'r', false);
    expect(run.clockRates).toEqual([4, 1, 6]);
    expect(run.specs.map((spec) => spec.clockRate)).toEqual([4, 1, 6]);
  });

  test('the same seed gives the same rates; without a seed one is drawn and recorded', () => {
    const config = configOf({ machines: 6, clockRate: { min: 1, max: 1000 }, seed: 77 });
    expect(resolveRun(config, 'o', 'a', false).clockRates).toEqual(resolveRun(config, 'o', 'b', false).clockRates);
    const unseeded = configOf({ machines: 3 });
    const run = resolveRun(unseeded, 'o', 'r', false);
    expect(Number.isInteger(run.seed)).toBe(true);
    expect(run.seed).toBeGreaterThanOrEqual(0);
    expect(run.seed).toBeLessThan(2 ** 31);
    expect(run.config.seed).toBe(run.seed);
    expect(run.specs.filter((spec) => spec.seed !== run.seed)).toEqual([]);
    expect(run.clockRates).toEqual(clockRatesFor(unseeded, run.seed));
    expect(unseeded.seed).toBeUndefined();
  });

  test('the resolved config drops $schema and records the seed', () => {
    const config = configOf({ $schema: './schema.json', machines: 2, seed: 9 });
    const run = resolveRun(config, 'o', 'r', false);
    expect('$schema' in run.config).toBe(false);
    expect(run.config).toEqual({
      machines: 2,
      eventRange: 10,
      durationSeconds: 60,
      speed: 1,
      seed: 9,
      network: { host: '127.0.0.1', basePort: 0 },
    });
  });

  test('speed multiplies the rates the VMs run and divides the real duration', () => {
    const config = configOf({ machines: 3, clockRates: [1, 4, 6], durationSeconds: 60, speed: 20, seed: 2 });
    const run = resolveRun(config, 'o', 'r', false);
    expect(run.clockRates).toEqual([1, 4, 6]);
    expect(run.realRates).toEqual([20, 80, 120]);
    expect(run.specs.map((spec) => spec.clockRate)).toEqual([20, 80, 120]);
    expect(run.realDurationMs).toBe(3000);
    const slow = resolveRun(
      configOf({ machines: 2, clockRates: [2, 3], durationSeconds: 10, speed: 0.5 }),
      'o',
      'r',
      false,
    );
    expect(slow.realRates).toEqual([1, 1.5]);
    expect(slow.realDurationMs).toBe(20_000);
  });
});
