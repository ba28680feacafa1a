import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type LoadConfigResult, loadRunConfig, parseRunConfig } from '../../config/load-config.js';

const shipped = (name: string) => fileURLToPath(new URL(`../../config/${name}`, import.meta.url));

const base = {
  machines: 3,
  clockRate: { min: 1, max: 6 },
  eventRange: 10,
  durationSeconds: 60,
  network: { host: '127.0.0.1', basePort: 0 },
};

const problemsOf = (result: LoadConfigResult): string[] => {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problems;
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-config-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the shipped configs', () => {
  test('default.json passes with its values', async () => {
    const result = await loadRunConfig(shipped('default.json'));
    expect(result).toEqual({
      ok: true,
      config: { $schema: './schema.json', ...base, speed: 1 },
    });
  });

  test('variant.json passes', async () => {
    const result = await loadRunConfig(shipped('variant.json'));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.clockRate).toEqual({ min: 3, max: 5 });
    expect(result.config.eventRange).toBe(5);
    expect(result.config.machines).toBe(3);
  });

  test('by-hand.json passes with fixed ports', async () => {
    const result = await loadRunConfig(shipped('by-hand.json'));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.network).toEqual({ host: '127.0.0.1', basePort: 5000 });
  });
});

describe('defaults', () => {
  test('an empty object gets every default', () => {
    expect(parseRunConfig({}, 'x')).toEqual({
      ok: true,
      config: {
        machines: 3,
        eventRange: 10,
        durationSeconds: 60,
        speed: 1,
        network: { host: '127.0.0.1', basePort: 0 },
      },
    });
  });

  test('a partial network gets the missing defaults', () => {
    const result = parseRunConfig({ network: { basePort: 6000 } }, 'x');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.network).toEqual({ host: '127.0.0.1', basePort: 6000 });
  });

  test('loopback hosts pass; another host passes only with allowNonLoopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(parseRunConfig({ network: { host } }, 'x')).toMatchObject({ ok: true, config: { network: { host } } });
    }
    expect(parseRunConfig({ network: { host: '0.0.0.0' } }, 'x').ok).toBe(false);
    expect(parseRunConfig({ network: { host: '0.0.0.0', allowNonLoopback: false } }, 'x').ok).toBe(false);
    expect(parseRunConfig({ network: { host: '0.0.0.0', allowNonLoopback: true } }, 'x')).toMatchObject({
      ok: true,
      config: { network: { host: '0.0.0.0', allowNonLoopback: true } },
    });
  });

  test('a refused host is said beside problems of type elsewhere (a bad engine, a machines of text)', () => {
    const result = parseRunConfig({ engine: 'x', machines: 'three', network: { host: '8.8.8.8' } }, 'f.json');
    expect(result.ok ? [] : result.problems).toEqual([
      'f.json: machines: found "three"; allowed: a number',
      'f.json: network.host: found "8.8.8.8"; allowed: a loopback address (127.0.0.1, ::1, localhost) unless network.allowNonLoopback is true',
      'f.json: engine: found "x"; allowed: "processes", "sim"',
    ]);
  });

  test('fixed clockRates of the right length pass', () => {
    const result = parseRunConfig({ machines: 2, clockRates: [1, 100_000] }, 'x');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.clockRates).toEqual([1, 100_000]);
  });
});

describe('each bad field is refused with its path and what was found', () => {
  const cases: [string, unknown, RegExp][] = [
    ['machines 1', { ...base, machines: 1 }, /^f\.json: machines: found 1; allowed: a value >= 2$/],
    ['machines 257', { ...base, machines: 257 }, /^f\.json: machines: found 257; allowed: a value <= 256$/],
    ['machines "3"', { ...base, machines: '3' }, /^f\.json: machines: found "3"; allowed: /],
    ['machines 2.5', { ...base, machines: 2.5 }, /^f\.json: machines: found 2\.5; allowed: an integer$/],
    ['an unknown key', { ...base, turbo: 9 }, /^f\.json: \(top level\): unknown key "turbo"/],
    [
      'clockRate min > max',
      { ...base, clockRate: { min: 5, max: 2 } },
      /^f\.json: clockRate\.max: .*min must not be greater than max/,
    ],
    [
      'clockRate.min 0',
      { ...base, clockRate: { min: 0, max: 2 } },
      /^f\.json: clockRate\.min: found 0; allowed: a value >= 1$/,
    ],
    [
      'clockRate with an unknown key',
      { ...base, clockRate: { min: 1, max: 2, avg: 1 } },
      /^f\.json: clockRate: unknown key "avg"/,
    ],
    [
      'clockRate and clockRates both',
      { ...base, clockRates: [1, 2, 3] },
      /^f\.json: clockRates: .*give clockRate or clockRates, not both/,
    ],
    [
      'clockRates too short',
      { machines: 3, clockRates: [1, 2] },
      /^f\.json: clockRates: found 2 rates; allowed: exactly one per machine \(3\)$/,
    ],
    [
      'one rate for two machines',
      { machines: 2, clockRates: [1] },
      /^f\.json: clockRates: found 1 rate; allowed: exactly one per machine \(2\)$/,
    ],
    [
      'clockRates too long',
      { machines: 2, clockRates: [1, 2, 3] },
      /^f\.json: clockRates: found 3 rates; allowed: exactly one per machine \(2\)$/,
    ],
    [
      'clockRates entry 0',
      { machines: 2, clockRates: [1, 0] },
      /^f\.json: clockRates\[1\]: found 0; allowed: a value >= 1$/,
    ],
    ['eventRange 2', { ...base, eventRange: 2 }, /^f\.json: eventRange: found 2; allowed: a value >= 3$/],
    ['durationSeconds 0', { ...base, durationSeconds: 0 }, /^f\.json: durationSeconds: found 0; allowed: a value > 0$/],
    [
      'durationSeconds 86401',
      { ...base, durationSeconds: 86_401 },
      /^f\.json: durationSeconds: found 86401; allowed: a value <= 86400$/,
    ],
    [
      'network.basePort 70000',
      { ...base, network: { basePort: 70_000 } },
      /^f\.json: network\.basePort: found 70000; allowed: a value <= 65535$/,
    ],
    [
      'network.basePort too high for the VMs',
      { ...base, network: { basePort: 65_534 } },
      /^f\.json: network\.basePort: found 65534; allowed: basePort \+ machines - 1 <= 65535$/,
    ],
    [
      'network.host empty',
      { ...base, network: { host: '' } },
      /^f\.json: network\.host: found ""; allowed: >= 1 character$/,
    ],
    [
      'an unknown key in network',
      { ...base, network: { basePort: 0, tls: true } },
      /^f\.json: network: unknown key "tls"/,
    ],
    ['speed 0', { ...base, speed: 0 }, /^f\.json: speed: found 0; allowed: a value >= 0\.01$/],
    ['speed 1001', { ...base, speed: 1001 }, /^f\.json: speed: found 1001; allowed: a value <= 1000$/],
    [
      'a non-loopback host without allowNonLoopback',
      { ...base, network: { host: '10.0.0.5' } },
      /^f\.json: network\.host: found "10\.0\.0\.5"; allowed: a loopback address/,
    ],
    ['seed -1', { ...base, seed: -1 }, /^f\.json: seed: found -1; allowed: a value >= 0$/],
    ['seed 2^31', { ...base, seed: 2 ** 31 }, /^f\.json: seed: found 2147483648; allowed: a value <= 2147483647$/],
    ['seed "7"', { ...base, seed: '7' }, /^f\.json: seed: found "7"; allowed: /],
    ['a config that is not an object', [1, 2], /^f\.json: \(top level\): found \[1,2\]; allowed: an object$/],
  ];

  test.each(cases)('%s', (_, raw, expected) => {
    const problems = problemsOf(parseRunConfig(raw, 'f.json'));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((line) => expected.test(line))).toBe(true);
  });

  test('several bad fields give one line each', () => {
    const problems = problemsOf(parseRunConfig({ ...base, machines: 1, eventRange: 2, seed: -1 }, 'f.json'));
    expect(problems).toEqual([
      'f.json: machines: found 1; allowed: a value >= 2',
      'f.json: eventRange: found 2; allowed: a value >= 3',
      'f.json: seed: found -1; allowed: a value >= 0',
    ]);
  });

  test('every problem line from a file names the file', async () => {
    const file = await writeConfig('bad.json', { ...base, machines: 1 });
    const result = await loadRunConfig(file);
    expect(result).toEqual({
      ok: false,
      reason: 'invalid',
      problems: [`${file}: machines: found 1; allowed: a value >= 2`],
    });
  });
});

describe('a key of a section given at the top level', () => {
  test('says which section it goes under', () => {
    const result = parseRunConfig({ machines: 3, basePort: 5910, kills: [], colour: 'red' }, 'c.json');
    expect(result).toEqual({
      ok: false,
      reason: 'invalid',
      problems: [
        'c.json: (top level): unknown keys "basePort", "kills", "colour"; allowed: only the keys in config/schema.json; "basePort" goes under "network"; "kills" goes under "faults"',
      ],
    });
    // A key no section has: no hint.
    expect(parseRunConfig({ machines: 3, colour: 'red' }, 'c.json')).toMatchObject({
      problems: ['c.json: (top level): unknown key "colour"; allowed: only the keys in config/schema.json'],
    });
  });
});

describe('files that cannot be used', () => {
  test('not JSON', async () => {
    const file = await writeConfig('broken.json', '{ "machines": 3,');
    const result = await loadRunConfig(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('not-json');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: it ends inside a value`),
    );
  });

  test('a key given twice, which JSON.parse would take keeping the last: one line with the key and both places', async () => {
    const text = `{\n  "clockRate": { "min": 1, "max": 6 },\n  "machines": 3,\n  "clockRate": { "min": 5, "max": 5 }\n}\n`;
    const file = await writeConfig('twice.json', text);
    expect(await loadRunConfig(file)).toEqual({
      ok: false,
      reason: 'duplicate-key',
      problems: [
        `${file}: clockRate: duplicate key "clockRate" at 4:3 (line:column), first at 2:3; allowed: each key once per object`,
      ],
    });
    // In a nested object, however the key is spelled; command-line overrides do not hide it.
    const nested = await writeConfig('nested.json', '{"network":{"basePort":5000,"\\u0062asePort":6000}}');
    expect(problemsOf(await loadRunConfig(nested, { basePort: 7000 }))).toEqual([
      `${nested}: network.basePort: duplicate key "basePort" at 1:29 (line:column), first at 1:13; allowed: each key once per object`,
    ]);
  });

  test('a missing file', async () => {
    const file = join(dir, 'nope.json');
    expect(await loadRunConfig(file)).toEqual({
      ok: false,
      reason: 'unreadable',
      problems: [`${file}: cannot read the config (ENOENT)`],
    });
  });

  test('a folder', async () => {
    const result = await loadRunConfig(dir);
    expect(result).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});

describe('command-line overrides apply before validation', () => {
  test('machines, durationSeconds, seed, speed, eventRange and basePort', async () => {
    const file = await writeConfig('over.json', base);
    const result = await loadRunConfig(file, {
      machines: 5,
      durationSeconds: 2.5,
      seed: 42,
      speed: 20,
      eventRange: 6,
      basePort: 7000,
    });
    expect(result).toEqual({
      ok: true,
      config: {
        ...base,
        machines: 5,
        durationSeconds: 2.5,
        speed: 20,
        seed: 42,
        eventRange: 6,
        network: { ...base.network, basePort: 7000 },
      },
    });
  });

  test('an override can make a bad file good', async () => {
    const file = await writeConfig('fixable.json', { ...base, machines: 1, seed: -4 });
    const result = await loadRunConfig(file, { machines: 4, seed: 0 });
    expect(result).toMatchObject({ ok: true, config: { machines: 4, seed: 0 } });
  });

  test('a fractional speed passes', () => {
    expect(parseRunConfig({ speed: 0.5 }, 'x')).toMatchObject({ ok: true, config: { speed: 0.5 } });
  });

  test('a bad override is refused like a bad file', async () => {
    const file = await writeConfig('good.json', base);
    expect(problemsOf(await loadRunConfig(file, { machines: 1 }))).toEqual([
      `${file}: machines: found 1; allowed: a value >= 2`,
    ]);
    expect(problemsOf(await loadRunConfig(file, { durationSeconds: 0 }))).toEqual([
      `${file}: durationSeconds: found 0; allowed: a value > 0`,
    ]);
    expect(problemsOf(await loadRunConfig(file, { speed: 0 }))).toEqual([
      `${file}: speed: found 0; allowed: a value >= 0.01`,
    ]);
    expect(problemsOf(await loadRunConfig(file, { eventRange: 2 }))).toEqual([
      `${file}: eventRange: found 2; allowed: a value >= 3`,
    ]);
  });

  test('with the flag each override came by, a refused value is blamed on that flag, the rest on the file', async () => {
    const file = await writeConfig('flagged.json', { ...base, eventRange: 2 });
    const flags = { seed: '--seed', speed: '--speed', clockRate: '--clock-rate', machines: '--machines' };
    expect(
      problemsOf(await loadRunConfig(file, { seed: 2 ** 31, speed: 5000, clockRate: { min: 1, max: 200_000 } }, flags)),
    ).toEqual([
      '--clock-rate: max: found 200000; allowed: a value <= 100000',
      `${file}: eventRange: found 2; allowed: a value >= 3`,
      '--speed: found 5000; allowed: a value <= 1000',
      '--seed: found 2147483648; allowed: a value <= 2147483647',
    ]);
    // A flag not given blames nothing, even when its field is wrong in the file.
    const bad = await writeConfig('bad-machines.json', { ...base, machines: 1 });
    expect(problemsOf(await loadRunConfig(bad, { seed: 1 }, flags))).toEqual([
      `${bad}: machines: found 1; allowed: a value >= 2`,
    ]);
  });

  test('clockRate replaces the fixed clockRates of the file', async () => {
    const file = await writeConfig('fixed.json', { machines: 3, clockRates: [1, 2, 3] });
    const result = await loadRunConfig(file, { clockRate: { min: 2, max: 4 } });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.clockRate).toEqual({ min: 2, max: 4 });
    expect(result.config.clockRates).toBeUndefined();
  });

  test('changing machines makes fixed clockRates the wrong length, unless clockRate replaces them', async () => {
    const file = await writeConfig('fixed3.json', { machines: 3, clockRates: [1, 2, 3] });
    expect(problemsOf(await loadRunConfig(file, { machines: 4 }))).toEqual([
      `${file}: clockRates: found 3 rates; allowed: exactly one per machine (4)`,
    ]);
    const replaced = await loadRunConfig(file, { machines: 4, clockRate: { min: 1, max: 1 } });
    expect(replaced).toMatchObject({ ok: true, config: { machines: 4, clockRate: { min: 1, max: 1 } } });
  });

  test('basePort override keeps the host of the file', async () => {
    const file = await writeConfig('host.json', { network: { host: 'localhost' } });
    const result = await loadRunConfig(file, { basePort: 9000 });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.network).toEqual({ host: 'localhost', basePort: 9000 });
  });

  test('no overrides leave the file alone', async () => {
    const file = await writeConfig('plain.json', { ...base, seed: 11 });
    expect(await loadRunConfig(file, {})).toEqual({ ok: true, config: { ...base, speed: 1, seed: 11 } });
  });
});
