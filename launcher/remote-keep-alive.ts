/**
 * The launcher's keep-alive on a remote VM's channel: a line every keepAliveMs while the channel is open, so the VM
 * can tell by silence that it is cut off (a network gone leaves its ssh session open on the host: stdin never ends).
 * Every channel gets its own: the clock samples go to one VM per host only, every few seconds.
 */
import { keepAliveMs, type LauncherToRemoteVm } from '../shared/remote-messages.js';
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

export const aliveLine = `${JSON.stringify({ type: 'alive' } satisfies LauncherToRemoteVm)}\n`;

export type KeepAlive = { stop(): void };

/** Calls `write(aliveLine)` every keepAliveMs until stopped. */
export function keepAlive(timer: Pick<TimerPort, 'setTimer'>, write: (line: string) => void): KeepAlive {
  let pending: TimerHandle | undefined;
  let stopped = false;
  const next = () => {
    pending = timer.setTimer(() => {
      if (stopped) return;
      write(aliveLine);
      next();
    }, keepAliveMs);
  };
  next();
  return {
    stop() {
      stopped = true;
      pending?.cancel();
    },
  };
}
