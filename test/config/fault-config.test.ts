import { describe, expect, test } from '@jest/globals';
import { injectsFaults } from '../../config/fault-config.js';
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

describe('a kill of a VM that is already down', () => {
  test('a kill between an earlier kill and its restart is refused in one line naming the VM and both kills', () => {
    expect(
      problemsWith({
        kills: [
          { vm: 1, atSecond: 0.5, restartAfterSeconds: 1 },
          { vm: 1, atSecond: 1 },
        ],
      }),
    ).toEqual([
      'f.json: faults.kills[1]: found a kill of VM 1 at 1 s while it is down from faults.kills[0] (killed at 0.5 s, restarted at 1.5 s); allowed: a kill of a running VM',
    ]);
  });

  test('after a kill without restart, or at the restart itself, or at the same instant, a kill is refused', () => {
    expect(
      problemsWith({
        kills: [
          { vm: 2, atSecond: 2 },
          { vm: 2, atSecond: 0.2 },
        ],
      }),
    ).toEqual([
      'f.json: faults.kills[0]: found a kill of VM 2 at 2 s while it is down from faults.kills[1] (killed at 0.2 s, not restarted); allowed: a kill of a running VM',
    ]);
    expect(
      problemsWith({
        kills: [
          { vm: 0, atSecond: 0.1, restartAfterSeconds: 0.2 },
          { vm: 0, atSecond: 0.3, restartAfterSeconds: 1 },
        ],
      }),
    ).toEqual([
      'f.json: faults.kills[1]: found a kill of VM 0 at 0.3 s while it is down from faults.kills[0] (killed at 0.1 s, restarted at 0.3 s); allowed: a kill of a running VM',
    ]);
    expect(
      problemsWith({
        kills: [
          { vm: 0, atSecond: 1 },
          { vm: 0, atSecond: 1 },
        ],
      }),
    ).toEqual([
      'f.json: faults.kills[1]: found a kill of VM 0 at 1 s while it is down from faults.kills[0] (killed at 1 s, not restarted); allowed: a kill of a running VM',
    ]);
  });

  test('a kill after the restart, or of another VM, passes; each refused kill is said once', () => {
    expect(
      problemsWith({
        kills: [
          { vm: 1, atSecond: 0.5, restartAfterSeconds: 0.5 },
          { vm: 1, atSecond: 1.2 },
          { vm: 0, atSecond: 0.7 },
        ],
      }),
    ).toEqual([]);
    expect(
      problemsWith({
        kills: [
          { vm: 1, atSecond: 0.5 },
          { vm: 1, atSecond: 1 },
          { vm: 1, atSecond: 1.5 },
        ],
      }),
    ).toEqual([
      'f.json: faults.kills[1]: found a kill of VM 1 at 1 s while it is down from faults.kills[0] (killed at 0.5 s, not restarted); allowed: a kill of a running VM',
      'f.json: faults.kills[2]: found a kill of VM 1 at 1.5 s while it is down from faults.kills[0] (killed at 0.5 s, not restarted); allowed: a kill of a running VM',
    ]);
  });
});

describe('a pause of a VM that is already paused', () => {
  test('a pause that starts while an earlier pause of its VM holds it is refused in one line naming both', () => {
    // The first resume would continue the VM: the 3 s pause would end after 2 s, and the report drew 2..3 s.
    expect(
      problemsWith({
        pauses: [
          { vm: 0, atSecond: 0.5, forSeconds: 2 },
          { vm: 0, atSecond: 1, forSeconds: 1 },
        ],
      }),
    ).toEqual([
      'f.json: faults.pauses[1]: found a pause of VM 0 at 1 s while it is paused from faults.pauses[0] (paused at 0.5 s, resumed at 2.5 s); allowed: a pause of a running VM',
    ]);
  });

  test('a pause at the instant another ends, listed first, or at the same instant, is refused too', () => {
    // Faults at one instant act in the order listed: this pause would be undone by the resume after it.
    expect(
      problemsWith({
        pauses: [
          { vm: 1, atSecond: 1.5, forSeconds: 1 },
          { vm: 1, atSecond: 0.5, forSeconds: 1 },
        ],
      }),
    ).toEqual([
      'f.json: faults.pauses[0]: found a pause of VM 1 at 1.5 s while it is paused from faults.pauses[1] (paused at 0.5 s, resumed at 1.5 s); allowed: a pause of a running VM',
    ]);
    expect(
      problemsWith({
        pauses: [
          { vm: 2, atSecond: 1, forSeconds: 0.5 },
          { vm: 2, atSecond: 1, forSeconds: 1 },
        ],
      }),
    ).toEqual([
      'f.json: faults.pauses[1]: found a pause of VM 2 at 1 s while it is paused from faults.pauses[0] (paused at 1 s, resumed at 1.5 s); allowed: a pause of a running VM',
    ]);
  });

  test('pauses of one VM one after the other, or of different VMs at once, pass', () => {
    expect(
      problemsWith({
        pauses: [
          { vm: 0, atSecond: 0.5, forSeconds: 0.5 },
          { vm: 0, atSecond: 1.2, forSeconds: 1 },
          { vm: 1, atSecond: 0.6, forSeconds: 2 },
        ],
      }),
    ).toEqual([]);
  });
});

describe('a pause and a kill of one VM that overlap', () => {
  test('a pause of a VM that a kill left down, up to its restart included, is refused in one line naming both', () => {
    // The pause would stop nothing, and the restarted VM would run through the rest of the band the report draws.
    expect(
      problemsWith({
        pauses: [
          { vm: 1, atSecond: 1, forSeconds: 1 },
          { vm: 2, atSecond: 2, forSeconds: 0.5 },
        ],
        kills: [
          { vm: 1, atSecond: 0.5, restartAfterSeconds: 0.5 },
          { vm: 2, atSecond: 1.5 },
        ],
      }),
    ).toEqual([
      'f.json: faults.pauses[0]: found a pause of VM 1 at 1 s while it is down from faults.kills[0] (killed at 0.5 s, restarted at 1 s); allowed: a pause of a running VM',
      'f.json: faults.pauses[1]: found a pause of VM 2 at 2 s while it is down from faults.kills[1] (killed at 1.5 s, not restarted); allowed: a pause of a running VM',
    ]);
  });

  test('a kill of a paused VM restarted before the resume is refused; one restarted at or after it, or not, passes', () => {
    expect(
      problemsWith({
        pauses: [{ vm: 0, atSecond: 1, forSeconds: 1.5 }],
        kills: [{ vm: 0, atSecond: 1.2, restartAfterSeconds: 0.5 }],
      }),
    ).toEqual([
      'f.json: faults.kills[0]: found a restart of VM 0 at 1.7 s while faults.pauses[0] holds it (paused at 1 s, resumed at 2.5 s): the new VM would run during the pause; allowed: a restart at or after the resume, or no restart',
    ]);
    expect(
      problemsWith({
        pauses: [
          { vm: 0, atSecond: 1, forSeconds: 1.5 },
          { vm: 1, atSecond: 1, forSeconds: 1 },
          { vm: 2, atSecond: 2.5, forSeconds: 0.4 },
        ],
        kills: [
          { vm: 0, atSecond: 1.5, restartAfterSeconds: 1 },
          { vm: 1, atSecond: 1.5 },
          { vm: 2, atSecond: 1, restartAfterSeconds: 1 },
        ],
      }),
    ).toEqual([]);
  });
});

describe('whether a config injects any fault', () => {
  test('an empty faults object or empty lists inject none; one entry in any list does', () => {
    const injects = (json: unknown) => {
      const parsed = parseRunConfig({ ...base, faults: json }, 'f.json');
      if (!parsed.ok) throw new Error(parsed.reason);
      return injectsFaults(parsed.config.faults);
    };
    expect(injectsFaults(undefined)).toBe(false);
    expect(injects({})).toBe(false);
    expect(injects({ links: [], partitions: [], pauses: [], kills: [] })).toBe(false);
    expect(injects({ links: [{ dropProbability: 0.1 }] })).toBe(true);
    expect(injects({ pauses: [{ vm: 1, atSecond: 1, forSeconds: 1 }] })).toBe(true);
    expect(injects({ kills: [{ vm: 1, atSecond: 1 }] })).toBe(true);
    expect(injects({ partitions: [{ groups: [[0], [1, 2]], fromSecond: 1, toSecond: 2 }] })).toBe(true);
  });
});
