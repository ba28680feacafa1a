/**
 * Tells when a channel has been silent too long: `heard()` on every byte that arrives, `onSilent` once nothing came
 * for `limitMs`. The timer is not moved on each byte (bytes come often): when it fires, the wait is judged against
 * the last byte heard, and either renewed for the rest or ended. Held (the launcher said it is about to stop for a
 * Ctrl-Z), the limit is `heldLimitMs` until the next byte: a launcher suspended for minutes is waited for, but not for
 * ever (a network lost during the hold would otherwise leave the VM waiting on its channel for good).
 */
import type { TimerHandle, TimerPort } from '../shared/timer-port.js';

export type SilenceWatch = {
  heard(): void;
  /** The longer limit until something is heard again (the launcher said it is about to stop: Ctrl-Z). */
  hold(): void;
  stop(): void;
};

export function watchSilence(
  timer: Pick<TimerPort, 'now' | 'setTimer' | 'setImmediate'>,
  limits: { limitMs: number; heldLimitMs: number },
  onSilent: (quietMs: number) => void,
): SilenceWatch {
  let last = timer.now();
  let stopped = false;
  let pending: TimerHandle | undefined;
  let held = false;
  const limit = () => (held ? limits.heldLimitMs : limits.limitMs);
  // Judged as of when the timer fired, after the I/O already pending is read: a process stopped (SIGSTOP, an
  // injected pause) past the limit wakes with this timer due and the launcher's lines of meanwhile queued behind it
  // (they count as heard), and a tick that blocked after the timer fired does not count as silence.
  const judge = (firedAt: number) => {
    if (stopped) return;
    const quietMs = firedAt - last;
    if (quietMs < limit()) return arm(limit() - Math.max(0, quietMs));
    stopped = true;
    onSilent(quietMs);
  };
  const arm = (ms: number) => {
    pending?.cancel();
    pending = timer.setTimer(() => {
      const firedAt = timer.now();
      timer.setImmediate(() => judge(firedAt));
    }, ms);
  };
  arm(limits.limitMs);
  return {
    heard() {
      last = timer.now();
      if (!held || stopped) return;
      held = false;
      arm(limits.limitMs);
    },
    hold() {
      if (stopped) return;
      // The hold is itself word from the launcher: its limit runs from now.
      last = timer.now();
      held = true;
      arm(limits.heldLimitMs);
    },
    stop() {
      stopped = true;
      pending?.cancel();
    },
  };
}
