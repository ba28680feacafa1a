import { describe, expect, test } from '@jest/globals';
import { parseVmArgs } from '../../vm/vm-args.js';

describe('parseVmArgs', () => {
  test('just --id', () => {
    expect(parseVmArgs(['--id', '2'])).toEqual({ ok: true, args: { id: 2, verbose: false } });
  });

  test('--stdio: a VM on another host, its control channel on stdin/stdout', () => {
    expect(parseVmArgs(['--id', '3', '--stdio'])).toEqual({ ok: true, args: { id: 3, verbose: false, stdio: true } });
  });

  test('every flag, in any order', () => {
    expect(parseVmArgs(['--verbose', '--out', 'logs/x', '--config', 'config/by-hand.json', '--id', '0'])).toEqual({
      ok: true,
      args: { id: 0, verbose: true, config: 'config/by-hand.json', out: 'logs/x' },
    });
  });

  test('no optional keys when the flags are absent', () => {
    const result = parseVmArgs(['--id', '7']);
    if (!result.ok) throw new Error(result.problem);
    expect('config' in result.args).toBe(false);
    expect('out' in result.args).toBe(false);
  });

  test('missing --id', () => {
    expect(parseVmArgs([])).toEqual({ ok: false, problem: '--id is required' });
    expect(parseVmArgs(['--config', 'a.json', '--verbose'])).toEqual({ ok: false, problem: '--id is required' });
  });

  test.each(['-1', 'abc', '1.5', '', '2x', ' 3'])('bad id %j', (value) => {
    expect(parseVmArgs(['--id', value])).toEqual({
      ok: false,
      problem: `--id: found "${value}"; allowed: an integer >= 0`,
    });
  });

  test('unknown flag', () => {
    expect(parseVmArgs(['--id', '1', '--fast'])).toEqual({ ok: false, problem: 'unknown argument "--fast"' });
    expect(parseVmArgs(['1'])).toEqual({ ok: false, problem: 'unknown argument "1"' });
  });

  test.each(['--id', '--config', '--out'])('%s without a value', (flag) => {
    expect(parseVmArgs(['--id', '1', flag])).toEqual({ ok: false, problem: `${flag} needs a value` });
  });

  test('a flag followed by another flag has no value', () => {
    expect(parseVmArgs(['--config', '--verbose', '--id', '1'])).toEqual({
      ok: false,
      problem: '--config needs a value',
    });
    expect(parseVmArgs(['--id', '--out', 'x'])).toEqual({ ok: false, problem: '--id needs a value' });
  });
});
