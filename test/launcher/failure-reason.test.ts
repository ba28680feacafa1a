/** Each way a VM fails a run, as the supervisor names it: the reason decides the exit code, the line names the VM. */
import { expect, test } from '@jest/globals';
import { failureOfExit, failureOfRestart, failureOfVm } from '../../launcher/failure-reason.js';

const failed = (
  reason: 'port-in-use' | 'peer-timeout' | 'peer-out-of-range' | 'queue-full' | 'cannot-write',
  detail = 'x',
) => ({ type: 'failed', id: 2, reason, detail }) as const;

test('a VM that could not start, or stopped the run while it ran', () => {
  expect(failureOfVm(failed('port-in-use', 'port 7002'), false)).toEqual({
    reason: 'port-in-use',
    detail: 'VM 2 could not start (port-in-use: port 7002)',
  });
  expect(failureOfVm(failed('peer-timeout'), false)).toEqual({
    reason: 'vm-failed',
    detail: 'VM 2 could not start (peer-timeout: x)',
  });
  for (const reason of ['peer-out-of-range', 'queue-full'] as const) {
    expect([reason, failureOfVm(failed(reason), false)]).toEqual([
      reason,
      { reason: 'vm-failed', detail: `VM 2 stopped the run (${reason}: x)` },
    ]);
  }
});

test("a VM that cannot write its CSV fails the run as its folder's failure, in its first life or a later one", () => {
  for (const restarting of [false, true]) {
    expect(failureOfVm(failed('cannot-write', 'cannot write /r/vm-2.csv (ENOSPC)'), restarting)).toEqual({
      reason: 'cannot-write',
      detail: 'VM 2 cannot write /r/vm-2.csv (ENOSPC)',
    });
  }
});

test('a new life that fails is a failed restart, whatever its reason (a taken port included)', () => {
  expect(failureOfVm(failed('port-in-use', 'port 7002'), true)).toEqual({
    reason: 'restart-failed',
    detail: 'VM 2 could not restart (port-in-use: port 7002)',
  });
  expect(failureOfRestart(1, new Error('EACCES'))).toEqual({
    reason: 'restart-failed',
    detail: 'VM 1 could not restart (EACCES)',
  });
});

test('a VM that ended before reporting: how it ended, or the host that lost it', () => {
  const exit = { id: 0, pid: 10, code: 3, signal: undefined };
  expect(failureOfExit(exit, false).detail).toBe('VM 0 exited with code 3 before the run ended');
  expect(failureOfExit({ ...exit, code: undefined, signal: 'SIGSEGV' }, false).detail).toBe(
    'VM 0 was killed by SIGSEGV before the run ended',
  );
  const lost = { ...exit, lost: 'was lost: host h2 stopped answering' };
  expect(failureOfExit(lost, false)).toEqual({
    reason: 'vm-exited',
    detail: 'VM 0 was lost: host h2 stopped answering before the run ended',
  });
  expect(failureOfExit(lost, true)).toEqual({ reason: 'restart-failed', detail: `VM 0 ${lost.lost}` });
});

test('a VM its host never let start: what happened and why, not a loss "before the run ended"', () => {
  const unreached = {
    id: 1,
    pid: undefined,
    code: undefined,
    signal: undefined,
    lost: 'was never reached on host h2 (root@10.0.0.3): its ssh session ended before the VM started there (Connection refused)',
    neverReached: true as const,
  };
  expect(failureOfExit(unreached, false)).toEqual({
    reason: 'vm-exited',
    detail:
      'VM 1 was never reached on host h2 (root@10.0.0.3): its ssh session ended before the VM started there (Connection refused)',
  });
});
