import { describe, expect, test } from '@jest/globals';
import { manualEnding, manualFailure } from '../../vm/manual-ending.js';

const stats = { ticks: 46, sent: 12, received: 20, finalClock: 60, pendingAtStop: ['0-3'], stoppedEarly: true };
const base = { id: 1, stats, csvFile: 'logs/vm-1.csv', statsFile: 'logs/vm-1.json', interrupted: false };
const byVm0 = { vm: 0, atEpochMs: Date.parse('2026-12-02T11:00:03.112Z') };

describe('the last line of a VM by hand', () => {
  test("stopped by a peer's Ctrl-C: one line naming that VM and the instant, its rows complete up to it; exit 130", () => {
    expect(manualEnding({ ...base, stoppedBy: byVm0 })).toEqual({
      line:
        'vm1: session interrupted by VM 0 (Ctrl-C or SIGTERM there): every VM stopped at 2026-12-02T11:00:03.112Z; ' +
        '46 ticks, sent 12, received 20, final clock 60, 1 still queued; its rows are complete up to the stop: ' +
        'wrote logs/vm-1.csv and logs/vm-1.json',
      exitCode: 130,
    });
  });

  test('its own Ctrl-C: its ordinary line, exit 130; a session that ran its course: exit 0', () => {
    const ordinary =
      'vm1: 46 ticks, sent 12, received 20, final clock 60, 1 still queued; wrote logs/vm-1.csv and logs/vm-1.json';
    expect(manualEnding({ ...base, interrupted: true, stoppedBy: byVm0 })).toEqual({ line: ordinary, exitCode: 130 });
    expect(manualEnding({ ...base, stoppedBy: undefined })).toEqual({ line: ordinary, exitCode: 0 });
    // A peer's stop at or after the planned end cut nothing short.
    const whole = { ...base, stats: { ...stats, stoppedEarly: false }, stoppedBy: byVm0 };
    expect(manualEnding(whole)).toEqual({ line: ordinary, exitCode: 0 });
  });
});

describe('the last line of a VM by hand that failed', () => {
  test('one line naming the VM, the reason and its detail; a session it came too late for exits 3, any other failure 1', () => {
    expect(manualFailure(2, { ok: false, reason: 'peer-timeout', detail: 'VM 0 never connected' })).toEqual({
      line: 'vm2: peer-timeout: VM 0 never connected',
      exitCode: 1,
    });
    expect(manualFailure(2, { ok: false, reason: 'session-started', detail: 'too late' }).exitCode).toBe(3);
  });
});
