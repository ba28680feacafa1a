/**
 * A stop signal (Ctrl-C, SIGTERM, SIGHUP) before a command's own handling is in place. The launcher's entry installs
 * this first, before loading any command code: Node's default would end the process silently (exit 130 with no
 * word) while modules load. Until a command takes the signals over (`listenForStop`, `removeTemporariesOnStop`), a
 * signal says one line and ends the process with exit 130: nothing has been started or written then. A command's
 * listener installed meanwhile (the host check's) is left to answer alone. A step that makes something (the run
 * folder's claim) runs `deferringStartupStop`: a signal during it waits, the step is undone, then the line is said.
 */
import { exitCodes } from './exit-codes.js';
import type { SignalSource, StopSignalName } from './stop-signals.js';

/** The stop signals this guard answers, listed here so that the entry loads nothing else. */
const signalNames: readonly StopSignalName[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export type StartupSource = SignalSource & {
  /** How many listeners `signal` has: the guard's own, and any command's. */
  listenerCount(signal: StopSignalName): number;
  /** Says `line` (on standard error) and ends the process with `code`, there and then. */
  end(line: string, code: number): unknown;
};

export type StartupStop = {
  /** Stops listening: the command's own handling is in place (or the command is done). */
  handOver(): void;
  /**
   * Runs `work` with a signal held until it is done; a held signal undoes what it made, then ends the process. `undo`
   * may say what stays (its words replace "nothing was started or written").
   */
  defer<T>(work: () => Promise<T>, undo: (made: T) => Promise<string | undefined>): Promise<T>;
};

export const startupStopLine = (name: StopSignalName, said = 'nothing was started or written'): string =>
  `launcher interrupted (${name}) while starting: ${said}`;

export function guardStartup(source: StartupSource): StartupStop {
  let held: StopSignalName | undefined;
  let holding = false;
  const onSignal = (name: StopSignalName) => () => {
    // A command listening already (the host check) answers the signal itself.
    if (source.listenerCount(name) > 1) return;
    if (holding) held ??= name;
    else source.end(startupStopLine(name), exitCodes.interrupted);
  };
  const listeners = signalNames.map((name) => [name, onSignal(name)] as const);
  for (const [name, listener] of listeners) source.on(name, listener);
  const handOver = () => {
    for (const [name, listener] of listeners) source.off(name, listener);
  };
  return {
    handOver,
    async defer(work, undo) {
      holding = true;
      const made = await work().finally(() => {
        holding = false;
      });
      if (held !== undefined) {
        const said = await undo(made);
        handOver();
        source.end(startupStopLine(held, said), exitCodes.interrupted);
      }
      return made;
    },
  };
}

/** The process's guard, once the entry installed it (none in tests that call a command directly). */
let current: StartupStop | undefined;

/** The entry's call, first thing: `process` answers the signals. */
export function guardProcessStartup(): void {
  current = guardStartup({
    on: (name, listener) => process.on(name, listener),
    off: (name, listener) => process.off(name, listener),
    listenerCount: (name) => process.listenerCount(name),
    end(line, code) {
      // Standard error is written synchronously (a file, a pipe or a terminal on Linux): the line is out before exit.
      process.stderr.write(`${line}\n`);
      process.exit(code);
    },
  });
  // For the tests: the instant from which a signal is this guard's, without a sleep to guess it.
  if (process.env.CLOCKLAB_STARTUP_MARKER === '1') process.stderr.write('startup guarded\n');
}

/** A command's own handling is in place: the guard steps aside. */
export function handOverStartupStop(): void {
  current?.handOver();
  current = undefined;
}

/** `work` with a stop signal held until it is done, then undone (see `StartupStop.defer`). */
export function deferringStartupStop<T>(
  work: () => Promise<T>,
  undo: (made: T) => Promise<string | undefined>,
): Promise<T> {
  return current === undefined ? work() : current.defer(work, undo);
}
