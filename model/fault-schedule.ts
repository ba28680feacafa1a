/**
 * Injected process faults on the run's clock: pauses (SIGSTOP, then SIGCONT), kills and restarts, each at the time
 * the config gives (experiment seconds, divided by the speed). Link faults act inside the VMs; they are only logged.
 * Faults due at the same instant act, and are logged, in the config's order (partitions, pauses, kills): one timer
 * at a time walks the sorted list, where a timer per fault would let a busy machine swap them.
 */
import type { FaultConfig } from '../config/fault-config.js';
import type { FaultEvent } from '../run-folder/faults-csv.js';
import { epochTimer, type TimerHandle, type TimerPort } from '../shared/timer-port.js';

export type FaultActions = {
  /** `forMs`: how long the pause lasts on the run's clock (a remote VM's guard continues it by then). */
  pause(vm: number, forMs: number): void;
  resume(vm: number): void;
  kill(vm: number): void;
  restart(vm: number, clock: 'kept' | 'reset'): void;
  record(event: FaultEvent): void;
};

export type FaultSchedule = { cancel(): void };

export function scheduleFaults(
  faults: FaultConfig | undefined,
  speed: number,
  startEpochMs: number,
  actions: FaultActions,
  /** Epoch milliseconds; passed in so the order of faults is tested with a clock that moves as it is read. */
  timer: TimerPort = epochTimer,
): FaultSchedule {
  if (faults === undefined) return { cancel() {} };
  const realMs = (seconds: number) => (seconds * 1000) / speed;
  const due: { seconds: number; action: () => void }[] = [];
  const at = (seconds: number, action: () => void) => {
    due.push({ seconds, action });
  };
  const record = (seconds: number, kind: FaultEvent['kind'], vm: number | '', peer: number | '', detail: string) =>
    actions.record({
      elapsedMs: timer.now() - startEpochMs,
      kind,
      vm,
      peer,
      detail: detail || `${seconds} s`,
      dueMs: realMs(seconds),
    });

  for (const link of faults.links) {
    // Link faults act inside the VMs for the whole run: logged once, at the start.
    const logLink = (kind: 'link-delay' | 'link-drop', what: string) =>
      actions.record({
        elapsedMs: 0,
        kind,
        vm: link.from ?? '',
        peer: link.to ?? '',
        detail: `from ${link.from ?? 'any'} to ${link.to ?? 'any'}: ${what}`,
      });
    if (link.delay !== undefined) logLink('link-delay', JSON.stringify(link.delay));
    if (link.dropProbability !== undefined) logLink('link-drop', `p=${link.dropProbability}`);
  }
  for (const partition of faults.partitions) {
    const groups = partition.groups.map((group) => `{${group.join(',')}}`).join(' | ');
    at(partition.fromSecond, () => record(partition.fromSecond, 'partition-start', '', '', groups));
    at(partition.toSecond, () => record(partition.toSecond, 'partition-end', '', '', groups));
  }
  for (const pause of faults.pauses) {
    at(pause.atSecond, () => {
      actions.pause(pause.vm, realMs(pause.forSeconds));
      record(pause.atSecond, 'pause', pause.vm, '', `for ${pause.forSeconds} s`);
    });
    at(pause.atSecond + pause.forSeconds, () => {
      actions.resume(pause.vm);
      record(pause.atSecond + pause.forSeconds, 'resume', pause.vm, '', '');
    });
  }
  for (const kill of faults.kills) {
    at(kill.atSecond, () => {
      actions.kill(kill.vm);
      record(
        kill.atSecond,
        'kill',
        kill.vm,
        '',
        kill.restartAfterSeconds === undefined ? 'no restart' : `restart after ${kill.restartAfterSeconds} s`,
      );
    });
    const after = kill.restartAfterSeconds;
    if (after !== undefined) {
      at(kill.atSecond + after, () => {
        actions.restart(kill.vm, kill.clock);
        record(kill.atSecond + after, 'restart', kill.vm, '', `clock ${kill.clock}`);
      });
    }
  }
  // A stable sort: equal times keep the order they were listed in.
  due.sort((a, b) => a.seconds - b.seconds);
  let pending: TimerHandle | undefined;
  let cancelled = false;
  const armFrom = (index: number) => {
    const next = due[index];
    if (next === undefined || cancelled) return;
    const wait = startEpochMs + realMs(next.seconds) - timer.now();
    // A timer counts from the event loop's last wake-up and may fire a little early: then it waits the rest.
    pending = timer.setTimer(
      () => (startEpochMs + realMs(next.seconds) > timer.now() ? armFrom(index) : fire(index)),
      Math.max(0, wait),
    );
  };
  const fire = (index: number) => {
    due[index]?.action();
    armFrom(index + 1);
  };
  armFrom(0);
  return {
    cancel() {
      cancelled = true;
      pending?.cancel();
    },
  };
}
