import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { applyOverrides, readConfigSource, validateVariantConfig } from '../../experiment/variant-config.js';

describe('applyOverrides', () => {
  const base = {
    $schema: './schema.json',
    machines: 3,
    clockRates: [1, 2, 3],
    network: { host: '127.0.0.1', basePort: 0 },
  };

  test('top-level keys replace, $schema goes', () => {
    expect(applyOverrides(base, { machines: 3, eventRange: 5 })).toEqual({
      machines: 3,
      clockRates: [1, 2, 3],
      eventRange: 5,
      network: { host: '127.0.0.1', basePort: 0 },
    });
  });

  test('clockRate replaces clockRates and back', () => {
    const ranged = applyOverrides(base, { clockRate: { min: 3, max: 5 } });
    expect(ranged.clockRates).toBeUndefined();
    expect(ranged.clockRate).toEqual({ min: 3, max: 5 });
    const fixed = applyOverrides(ranged, { clockRates: [4, 4, 4] });
    expect(fixed.clockRate).toBeUndefined();
    expect(fixed.clockRates).toEqual([4, 4, 4]);
  });

  test('network merges key by key', () => {
    expect(applyOverrides(base, { network: { basePort: 6000 } }).network).toEqual({
      host: '127.0.0.1',
      basePort: 6000,
    });
  });

  test('leaves the source untouched', () => {
    applyOverrides(base, { clockRate: { min: 1, max: 2 } });
    expect(base.clockRates).toEqual([1, 2, 3]);
  });
});

describe('validateVariantConfig', () => {
  test('a valid merge gives the RunConfig with defaults and without $schema', () => {
    const result = validateVariantConfig({ $schema: 'x', eventRange: 5 }, 'exp.json: variant "v"');
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({ machines: 3, eventRange: 5, durationSeconds: 60, speed: 1 }),
    });
    expect(result.ok && '$schema' in result.config).toBe(false);
  });

  test('problems come one per line, labelled with the variant', () => {
    const result = validateVariantConfig({ eventRange: 2, colour: 'red' }, 'exp.json: variant "v"');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'exp.json: variant "v": eventRange: found 2; allowed: a value >= 3',
        expect.stringMatching(/^exp\.json: variant "v": \(top level\): unknown key "colour"/),
      ]),
    );
  });
});

describe('readConfigSource', () => {
  test('reads a path relative to the experiment file, takes an object as is, and says why a file fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-variant-'));
    try {
      await writeFile(join(dir, 'base.json'), JSON.stringify({ machines: 4 }));
      await writeFile(join(dir, 'broken.json'), '{ machines');
      await writeFile(join(dir, 'list.json'), '[1]');
      const experimentFile = join(dir, 'exp.json');
      expect(await readConfigSource('base.json', experimentFile)).toEqual({ ok: true, raw: { machines: 4 } });
      expect(await readConfigSource({ machines: 5 }, experimentFile)).toEqual({ ok: true, raw: { machines: 5 } });
      expect(await readConfigSource('nope.json', experimentFile)).toEqual({
        ok: false,
        problems: ['nope.json: cannot read the config (ENOENT)'],
      });
      expect(await readConfigSource('broken.json', experimentFile)).toEqual({
        ok: false,
        problems: [expect.stringMatching(/^broken\.json: not valid JSON/)],
      });
      expect(await readConfigSource('list.json', experimentFile)).toEqual({
        ok: false,
        problems: ['list.json: found an array; allowed: an object'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
