/**
 * Value options: the shared parsers (cli/option-values.ts), and through the built CLI that every command refuses a
 * value that looks like an option (`--out --help`) with one line, exit 2, and writes nothing.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import { integer, pathValue, positiveNumber, rateRange } from '../../cli/option-values.js';
import { launcher, projectRoot, tempDir } from '../integration/cli-harness.js';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('the value parsers', () => {
  test('refuse a value that looks like an option, naming the option', () => {
    for (const value of ['--help', '-h', '--seed=3', '-v']) {
      expect({ value, message: refusal(() => pathValue('--out')(value)) }).toEqual({
        value,
        message: `--out: found "${value}", which is an option; --out needs a value before it`,
      });
    }
    expect(refusal(() => integer('--seed', 0)('--help'))).toMatch(/which is an option; --seed needs a value/);
    expect(refusal(() => positiveNumber('--speed')('--out'))).toMatch(/which is an option; --speed/);
    expect(refusal(() => rateRange('--clock-rate')('--seed'))).toMatch(/which is an option; --clock-rate/);
  });

  test('take ordinary values, and judge numbers by their range', () => {
    expect(pathValue('--out')('logs/-odd name')).toBe('logs/-odd name');
    expect(pathValue('--out')('-')).toBe('-');
    expect(refusal(() => pathValue('--out')(''))).toBe('--out: found ""; allowed: a file or folder name');
    expect(integer('--trials', 1, 1000)('12')).toBe(12);
    expect(refusal(() => integer('--seed', 0)('-5'))).toBe('--seed: found "-5"; allowed: an integer >= 0');
    expect(refusal(() => integer('--parallel', 1, 8)('9'))).toBe(
      '--parallel: found "9"; allowed: an integer from 1 to 8',
    );
    expect(positiveNumber('--speed')('2.5')).toBe(2.5);
    expect(positiveNumber('--speed')('.5')).toBe(0.5);
    expect(rateRange('--clock-rate')('3-5')).toEqual({ min: 3, max: 5 });
    // One rate is the range of it alone, as the help and the refusal say: MIN-MAX or N.
    expect(rateRange('--clock-rate')('4')).toEqual({ min: 4, max: 4 });
    expect(refusal(() => rateRange('--clock-rate')('5-3'))).toBe(
      '--clock-rate: found "5-3"; allowed: MIN-MAX or N ticks per experiment second, 1 <= MIN <= MAX (e.g. 3-5 or 4)',
    );
  });
});

describe('numbers are plain decimals, and within what a double holds exactly', () => {
  test.each(['0x10', '1e3', '0b1', '0o7', '+5', ' 5', '5 ', 'Infinity', '5.', ''])(
    'positiveNumber refuses "%s"',
    (value) => {
      expect(refusal(() => positiveNumber('--duration')(value))).toBe(
        `--duration: found "${value}"; allowed: a decimal number > 0`,
      );
    },
  );

  test('an integer past 2^53 is refused (Number() would make it another number), naming the one limit', () => {
    expect(refusal(() => integer('--event-range', 3)('99999999999999999999'))).toBe(
      '--event-range: found "99999999999999999999"; allowed: an integer from 3 to 9007199254740991',
    );
    expect(refusal(() => integer('--seed', 0, 2_147_483_647)('99999999999999999999'))).toBe(
      '--seed: found "99999999999999999999"; allowed: an integer from 0 to 2147483647',
    );
    expect(refusal(() => integer('--event-range', 3)('0x10'))).toBe(
      '--event-range: found "0x10"; allowed: an integer >= 3',
    );
    expect(integer('--event-range', 3)('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('every command refuses `--out --help` (or its page option) and writes nothing', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  const config = join(projectRoot, 'config/default.json');
  const cases: [string, string[]][] = [
    ['run', ['run', config, '--out', '--help']],
    ['run --speed', ['run', config, '--speed', '--out', 'x']],
    ['vm', ['vm', '--id', '0', config, '--out', '--verbose']],
    ['experiment', ['experiment', join(projectRoot, 'config/experiment.json'), '--out', '--help']],
    ['export', ['export', 'some-run', '--format', 'shiviz', '--out', '--help']],
    ['report', ['report', 'some-run', '--out', '--help']],
    ['compare', ['compare', 'a', 'b', '--html', '--help']],
  ];
  test.each(cases)('%s', async (_name, args) => {
    const result = await launcher(args, dir.path);
    expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: 2, stdout: '' });
    // One line, in the shape of every usage error: the option, what was found, what it needs.
    expect(result.stderr).toMatch(/^(--\w+): found "--\w+", which is an option; \1 needs a value before it$/);
    expect(await readdir(dir.path)).toEqual([]);
  });
});

describe('every command refuses an empty file or folder name (`--out ""`, an unset variable) and writes nothing', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  const cases: [string, string[]][] = [
    ['run', ['run', join(projectRoot, 'config/default.json'), '--out', '']],
    ['export', ['export', join(projectRoot, 'test/fixtures/runs/vectors'), '--format', 'shiviz', '--out', '']],
    ['report', ['report', join(projectRoot, 'test/fixtures/runs/vectors'), '--out', '']],
  ];
  test.each(cases)('%s', async (_name, args) => {
    const result = await launcher(args, dir.path);
    expect({ exitCode: result.exitCode, stderr: result.stderr, stdout: result.stdout }).toEqual({
      exitCode: 2,
      stderr: '--out: found ""; allowed: a file or folder name',
      stdout: '',
    });
    expect(await readdir(dir.path)).toEqual([]);
  });
});
