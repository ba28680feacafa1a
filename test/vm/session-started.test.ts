/** A VM by hand told that its session started without it: the line it stops with, and when it believes it. */
import { describe, expect, test } from '@jest/globals';
import { sessionStartedLine, startedNotice } from '../../vm/session-started.js';

const session = { basePort: 5000, machines: 3, durationMs: 60_000 };
const at = Date.parse('2026-12-02T10:00:00.000Z');

describe('sessionStartedLine', () => {
  test('while the session runs: when it started and is due to stop, and what to do', () => {
    expect(sessionStartedLine(session, 0, at, at + 10_000)).toBe(
      'VM 0 says the by-hand session on ports 5000-5002 started at 2026-12-02T10:00:00.000Z without this VM and ' +
        'is due to stop at 2026-12-02T10:01:00.000Z; it cannot be joined: let it end (or stop every VM), then ' +
        'start all 3 again',
    );
  });

  test('near its end, past its stop while its VMs trade end markers: it says so, and to start again after', () => {
    expect(sessionStartedLine(session, 2, at, at + 60_000)).toBe(
      'VM 2 says the by-hand session on ports 5000-5002 started at 2026-12-02T10:00:00.000Z without this VM and ' +
        'stopped at 2026-12-02T10:01:00.000Z (its VMs are finishing); it cannot be joined: start all 3 again once ' +
        'they exited',
    );
  });
});

describe('startedNotice', () => {
  const lineFor = (peer: number, when: number) => `line ${peer} ${when}`;

  test('a VM by hand that has not agreed on a start stops with its coordinator line', () => {
    expect(startedNotice(1, at, false, lineFor)).toEqual({ kind: 'stop', line: `line 1 ${at}` });
  });

  test('a VM by hand that agreed with its peers was not left out: the frame is refused (a hostile peer)', () => {
    expect(startedNotice(1, at, true, lineFor)).toEqual({
      kind: 'refuse',
      reason: 'from VM 1: a started notice, after this VM agreed on the start with it',
    });
  });

  test('under the launcher no peer says so: refused, whatever the phase', () => {
    for (const agreed of [false, true]) {
      expect(startedNotice(2, at, agreed, undefined)).toEqual({
        kind: 'refuse',
        reason: 'from VM 2: a started notice, which only VMs by hand send',
      });
    }
  });
});
