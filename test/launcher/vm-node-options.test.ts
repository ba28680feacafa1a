import { describe, expect, test } from '@jest/globals';
import { passedOnOptions, vmNodeOptions } from '../../launcher/vm-node-options.js';

describe('passedOnOptions', () => {
  test("keeps the parent's diagnostic flags and drops a debugger's", () => {
    expect(passedOnOptions(['--cpu-prof', '--cpu-prof-dir=/tmp/p', '--inspect-brk', '--enable-source-maps'])).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/tmp/p',
      '--enable-source-maps',
    ]);
  });

  test("never passes on the parent's own code: a VM of `node -e` would run that code, and spawn again", () => {
    // As Node puts them in process.execArgv for `node --perf-basic-prof -e CODE` and the like.
    expect(
      passedOnOptions(['--perf-basic-prof', '--input-type=module', '-e', "import('x')", '--max-old-space-size=512']),
    ).toEqual(['--perf-basic-prof', '--max-old-space-size=512']);
    expect(
      passedOnOptions([
        '--eval=run()',
        '-p',
        '1+1',
        '--print',
        'x',
        '--watch',
        '--test',
        '--test-only',
        '-i',
        '--input-type',
        'module',
      ]),
    ).toEqual([]);
  });

  test('a VM under 500 ticks/s runs without the optimising compiler, a faster one with it', () => {
    expect(vmNodeOptions(100)).toContain('--no-turbofan');
    expect(vmNodeOptions(1000)).not.toContain('--no-turbofan');
  });

  test('no VM runs the memory reducer, whose full collections came in every VM at once 8 s into a run', () => {
    expect(vmNodeOptions(100)).toContain('--no-memory-reducer');
    expect(vmNodeOptions(1000)).toContain('--no-memory-reducer');
  });
});
