/**
 * Tells when a channel has been silent too long: `heard()` on every byte that arrives, `onSilent` once nothing came
 * for `limitMs`. The timer is not moved on each byte (bytes come often): when it fires, the wait is judged against
 * the last byte heard, and either renewed for the rest or ended. Held, it waits for the next byte without a limit.
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

export type SilenceWatch = {
  heard(): void;
  /** No limit until something is heard again (the launcher said it is about to stop: Ctrl-Z). */
  hold(): void;
  stop(): void;
};

export function watchSilence(
  timer: Pick<TimerPort, 'now' | 'setTimer' | 'setImmediate'>,
  limitMs: number,
  onSilent: (quietMs: number) => void,
): SilenceWatch {
  let last = timer.now();
  let stopped = false;
  let pending: TimerHandle | undefined;
  let held = false;
  const judge = () => {
    if (stopped || held) return;
    const quietMs = timer.now() - last;
    if (quietMs < limitMs) return arm(limitMs - quietMs);
    stopped = true;
    onSilent(quietMs);
  };
  // Judged after the I/O already pending is read: a process stopped (SIGSTOP, an injected pause) past the limit
  // wakes with this timer due and the launcher's lines of meanwhile queued behind it; they count as heard.
  const arm = (ms: number) => {
    pending = timer.setTimer(() => timer.setImmediate(judge), ms);
  };
  arm(limitMs);
  return {
    heard() {
      last = timer.now();
      if (!held || stopped) return;
      held = false;
      arm(limitMs);
    },
    hold() {
      held = true;
      pending?.cancel();
    },
    stop() {
      stopped = true;
      pending?.cancel();
    },
  };
}
