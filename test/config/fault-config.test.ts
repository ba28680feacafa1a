import { describe, expect, test } from '@jest/globals';
import { parseRunConfig } from '../../config/load-config.js';

const base = { machines: 3, durationSeconds: 3, network: { host: '127.0.0.1', basePort: 0 } };

/** The problem lines for a config of 3 VMs and 3 s with these faults; [] when it passes. */
function problemsWith(faults: object): string[] {
  const result = parseRunConfig({ ...base, faults }, 'f.json');
  return result.ok ? [] : result.problems;
}

describe('faults that do not fit the run', () => {
  test('a pause or a restart that ends after the run names the values written, and what they add up to', () => {
    expect(problemsWith({ pauses: [{ vm: 0, atSecond: 2, forSeconds: 5 }] })).toEqual([
      'f.json: faults.pauses[0]: found atSecond 2 + forSeconds 5 = 7 s; allowed: a pause over before the run ends (3 s)',
    ]);
    expect(problemsWith({ kills: [{ vm: 1, atSecond: 1, restartAfterSeconds: 2 }] })).toEqual([
      'f.json: faults.kills[0]: found atSecond 1 + restartAfterSeconds 2 = 3 s; allowed: a restart before the run ends (3 s)',
    ]);
  });

  test('the sum is said as written, without binary fractions', () => {
    expect(problemsWith({ pauses: [{ vm: 0, atSecond: 2.7, forSeconds: 0.6 }] })).toEqual([
      'f.json: faults.pauses[0]: found atSecond 2.7 + forSeconds 0.6 = 3.3 s; allowed: a pause over before the run ends (3 s)',
    ]);
  });

  test('a fault that starts after the end is blamed on atSecond alone, with its own value', () => {
    expect(problemsWith({ pauses: [{ vm: 0, atSecond: 4, forSeconds: 5 }] })).toEqual([
      'f.json: faults.pauses[0].atSecond: found 4; allowed: a time before the end (3 s)',
    ]);
    expect(problemsWith({ kills: [{ vm: 0, atSecond: 3, restartAfterSeconds: 1 }] })).toEqual([
      'f.json: faults.kills[0].atSecond: found 3; allowed: a time before the end (3 s)',
    ]);
  });

  test('faults within the run pass; a kill without a restart may come at any time before the end', () => {
    expect(
      problemsWith({
        pauses: [{ vm: 0, atSecond: 1, forSeconds: 1.5 }],
        kills: [
          { vm: 1, atSecond: 2.5 },
          { vm: 2, atSecond: 0.5, restartAfterSeconds: 2 },
        ],
      }),
    ).toEqual([]);
  });
});
