/**
 * The CLI owns the process's signals: Ctrl-C or SIGTERM aborts `interrupt` (every VM stops at one instant, in order);
 * another one aborts `kill` (every VM is killed at once). Nothing under launcher/ listens to signals.
 *
 * One Ctrl-C can arrive twice: a terminal signals the whole foreground process group, and a wrapper in that group
 * (`npx`, `npm run`) forwards its own copy to us. So a signal within `sameKeypressMs` of the first counts as the same
 * keypress; a person pressing again takes longer than that.
 */
import type { TimerPort } from '../shared/timer-port.js';

export const sameKeypressMs = 300;

export type StopSignals = {
  readonly interrupt: AbortSignal;
  readonly kill: AbortSignal;
  /** Stops listening (the command is done). */
  dispose(): void;
};

/** Where signals come from: `process` in the CLI, a fake in tests. */
export type SignalSource = {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
};

export function listenForStop(
  source: SignalSource,
  clock: Pick<TimerPort, 'now'>,
  say: (line: string) => void,
  firstLine = 'stopping every VM at one instant (press Ctrl-C again to kill them at once)',
): StopSignals {
  const interrupt = new AbortController();
  const kill = new AbortController();
  let firstAt: number | undefined;
  const onSignal = () => {
    const now = clock.now();
    if (firstAt === undefined) {
      firstAt = now;
      say(firstLine);
      interrupt.abort();
    } else if (now - firstAt >= sameKeypressMs && !kill.signal.aborted) {
      say('killing every VM now');
      kill.abort();
    }
  };
  source.on('SIGINT', onSignal);
  source.on('SIGTERM', onSignal);
  return {
    interrupt: interrupt.signal,
    kill: kill.signal,
    dispose() {
      source.off('SIGINT', onSignal);
      source.off('SIGTERM', onSignal);
    },
  };
}
