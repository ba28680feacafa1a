/**
 * How a VM waits for the common start: from the moment it is ready, in short naps rather than long sleeps.
 *
 * Why (issue 13): on this machine (a virtual machine of 2 vCPUs) a vCPU that sat idle for ~200 ms ran slowly for
 * about the next 50 ms: a bare 100/s loop's ticks cost 150-250 us of CPU each after a 200 ms sleep, 25-40 us after a
 * 5 ms one or while the other vCPU was busy. Every VM starts at one instant after the start lead, so they all met
 * it there. At 64 VMs x 100/s (2 s runs, 8 each), the ticks late in the first 100 ms were 72 on average with one
 * sleep, 45 with a 4 ms nap from ready to the start (napping only from the start message on: 73 over 5 runs). A nap
 * costs a wake-up (~25 us): 64 VMs napping keep about 0.4 of a core busy until the start.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

export const startNapMs = 4;

export type StartNaps = {
  /** Resolves within `startNapMs` before `at`, or at once when that has passed (a restarted VM's start). */
  until(at: number): Promise<void>;
  /** Ends the naps of a VM that will not start, or that was asked to stop first: a pending `until` resolves now. */
  stop(): void;
};

export function startNaps(timer: TimerPort): StartNaps {
  let handle: TimerHandle | undefined;
  let target = Number.POSITIVE_INFINITY;
  let reached = () => {};
  const nap = () => {
    if (target - timer.now() <= startNapMs) {
      handle = undefined;
      reached();
      return;
    }
    handle = timer.setTimer(nap, startNapMs);
  };
  handle = timer.setTimer(nap, startNapMs);
  const stop = () => {
    handle?.cancel();
    handle = undefined;
    reached();
  };
  return {
    until(at) {
      target = at;
      return new Promise((resolve) => {
        reached = resolve;
        if (at - timer.now() <= startNapMs || handle === undefined) {
          stop();
          resolve();
        }
      });
    },
    stop,
  };
}
