/**
 * A launched VM's coordinator notes the stop it ran to when its launcher's channel closes (vm/launched-coordinator.ts):
 * the end record (vm-end-record-file.ts) says that stop, which is never later than the run's or a told stop.
 */
import { expect, test } from '@jest/globals';
import type { LauncherToVm } from '../../shared/ipc-messages.js';
import type { ControlChannel } from '../../vm/control-channel.js';
import { launchedCoordinator } from '../../vm/launched-coordinator.js';

/** A channel the test drives: what the launcher would say, then its close. */
function fakeChannel() {
  let onMessage: (message: LauncherToVm) => void = () => {};
  let onClose: () => void = () => {};
  const channel: ControlChannel = {
    send() {},
    sendLast: async () => {},
    onMessage(handler) {
      onMessage = handler;
    },
    onClose(handler) {
      onClose = handler;
    },
    close() {},
  };
  return { channel, say: (message: LauncherToVm) => onMessage(message), close: () => onClose() };
}

test('a launcher gone after the run stop: the stop is the run stop, not the close (the VM stopped before it went)', () => {
  const { channel, say, close } = fakeChannel();
  const coordinator = launchedCoordinator(0, channel);
  const stopEpochMs = Date.now() - 30;
  say({ type: 'start', startEpochMs: stopEpochMs - 2000, stopEpochMs });
  expect(coordinator.launcherGoneAtEpochMs).toBeUndefined();
  close();
  // It was the close's instant, 30 ms past the run's end: `stops at 2.03 s of 2 s` in analyze.
  expect(coordinator.launcherGoneAtEpochMs).toBe(stopEpochMs);
});

test('a launcher gone after it told an earlier stop: that stop; gone before any stop: the close', () => {
  const told = fakeChannel();
  const early = launchedCoordinator(0, told.channel);
  const atEpochMs = Date.now() - 10;
  told.say({ type: 'start', startEpochMs: atEpochMs - 1000, stopEpochMs: atEpochMs + 60_000 });
  told.say({ type: 'stop', atEpochMs });
  told.close();
  expect(early.launcherGoneAtEpochMs).toBe(atEpochMs);

  const midRun = fakeChannel();
  const gone = launchedCoordinator(0, midRun.channel);
  const before = Date.now();
  midRun.say({ type: 'start', startEpochMs: before - 1000, stopEpochMs: before + 60_000 });
  midRun.close();
  expect(gone.launcherGoneAtEpochMs).toBeGreaterThanOrEqual(before - 1);
  expect(gone.launcherGoneAtEpochMs).toBeLessThan(before + 60_000);
});
