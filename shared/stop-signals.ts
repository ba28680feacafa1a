/**
 * Ctrl-C, SIGTERM and SIGHUP as two abort signals: the first aborts `interrupt` (every VM stops at one instant, in order),
 * another one aborts `kill` (at once). The commands own the process's signals (cli/ for the launcher, vm/manual-mode
 * for a VM run by hand); nothing under launcher/ listens to signals.
 *
 * One Ctrl-C can arrive twice: a terminal signals the whole foreground process group, and a wrapper in that group
 * (`npx`, `npm run`) forwards its own copy to us. So a signal within `sameKeypressMs` of the first counts as the same
 * keypress; a person pressing again takes longer than that.
 *
 * SIGHUP (the terminal window closed, an ssh session dropped) is a stop like the others: by default it would end the
 * process before the manifest is written, leaving CSVs that no manifest accounts for.
 */
import { handOverStartupStop } from './startup-stop.js';
import type { TimerPort } from './timer-port.js';

export const sameKeypressMs = 300;

/** The manifest's `reason` for a run a stop signal ended, whatever the engine. */
export const interruptedReason = 'stopped by a signal to the launcher';

export type StopSignals = {
  readonly interrupt: AbortSignal;
  readonly kill: AbortSignal;
  /**
   * How a run took the first signal, told while it is handled (by the interrupt's abort listeners): the line said
   * for it is chosen from the answers (a run whose ticks are complete stops nothing).
   */
  answer(answer: InterruptAnswer): void;
  /**
   * The run ended (no VM left to stop or kill), the command still writes its files: the next signal aborts the
   * returned signal instead, and the command says what it skipped. Listening goes on until `dispose`, so no signal
   * ends the process before the command has released its folder.
   */
  runEnded(): AbortSignal;
  /** Stops listening (the command is done). */
  dispose(): void;
};

/**
 * How a run took the first signal: it stops every VM at one instant, or its ticks were complete already (a stop
 * would cut none) and it finishes as it is, or it had not started (no VM was told the start): every VM is stopped at
 * once, none having ticked.
 */
export type InterruptAnswer = 'stopping' | 'ticks-complete' | 'not-started';

/** A run with VMs on other hosts, at a Ctrl-Z: what it does before the launcher stops, and once it runs on. */
export type SuspendingRun = { prepare(): Promise<void>; resume(): void };

/**
 * What the user is told on the first signal, once every running run answered it (none may have: the signal came
 * before a run or between them), and on the second.
 */
export type StopLines = { interrupt: (answers: readonly InterruptAnswer[]) => string; kill: string };

/** Every run answered that its ticks are complete: stopping would cut none of them. */
export const allTicksComplete = (answers: readonly InterruptAnswer[]): boolean =>
  answers.length > 0 && answers.every((answer) => answer === 'ticks-complete');

const launcherLines: StopLines = {
  interrupt: (answers) => {
    if (allTicksComplete(answers)) {
      return "the run's ticks are complete (a stop now would cut none): it finishes as it is (press Ctrl-C again to kill the VMs at once)";
    }
    if (answers.length > 0 && answers.every((answer) => answer === 'not-started')) {
      return 'the run has not started: stopping every VM now (none has ticked)';
    }
    return 'stopping every VM at one instant (press Ctrl-C again to kill them at once)';
  },
  kill: 'killing every VM now',
};

export const stopSignalNames = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignalName = (typeof stopSignalNames)[number];

/** The sim engine has no processes to kill: a second signal only repeats that it is stopping. */
export const simStopLines: StopLines = {
  interrupt: () => 'stopping the simulation at the virtual instant it reached',
  kill: 'the simulation is stopping; its run folder is being written',
};

/** Where signals come from: `process` in the CLI, a fake in tests. */
export type SignalSource = {
  on(signal: StopSignalName, listener: () => void): unknown;
  off(signal: StopSignalName, listener: () => void): unknown;
};

export function listenForStop(
  source: SignalSource,
  clock: Pick<TimerPort, 'now'>,
  say: (line: string) => void,
  lines: StopLines = launcherLines,
): StopSignals {
  const interrupt = new AbortController();
  const kill = new AbortController();
  let ended: AbortController | undefined;
  /** When the last signal that counted came: one within `sameKeypressMs` of it is the same keypress. */
  let lastAt: number | undefined;
  /** The answers to the first signal, while its abort is dispatched (undefined otherwise). */
  let answers: InterruptAnswer[] | undefined;
  const onSignal = () => {
    const now = clock.now();
    if (lastAt !== undefined && now - lastAt < sameKeypressMs) return;
    lastAt = now;
    if (ended !== undefined) ended.abort();
    else if (!interrupt.signal.aborted) {
      answers = [];
      interrupt.abort(); // the runs answer in its listeners, which run now
      const said = lines.interrupt(answers);
      answers = undefined;
      say(said);
    } else if (!kill.signal.aborted) {
      say(lines.kill);
      kill.abort();
    }
  };
  for (const name of stopSignalNames) source.on(name, onSignal);
  // Ours from here: the entry's guard (startup-stop.ts) steps aside.
  handOverStartupStop();
  return {
    interrupt: interrupt.signal,
    kill: kill.signal,
    answer(answer) {
      answers?.push(answer);
    },
    runEnded() {
      ended ??= new AbortController();
      return ended.signal;
    },
    dispose() {
      for (const name of stopSignalNames) source.off(name, onSignal);
    },
  };
}
