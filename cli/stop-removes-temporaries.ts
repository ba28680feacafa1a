/**
 * `analyze`, `check`, `report` and `compare` end at a stop signal at once (nothing of theirs needs stopping in order),
 * but a signal in the middle of writing summary.json, check.json or a page left its temporary file
 * (`report.html.<pid>.tmp`) beside it for good, and the default ending said nothing. While one of them runs, a stop
 * signal first removes the temporary files being written, then says what was not written in one line and exits 130,
 * as `export` does.
 */
import { removeTemporariesNow } from '../run-folder/exclusive-file.js';
import { exitCodes } from '../shared/exit-codes.js';
import { printable } from '../shared/printable-text.js';
import { handOverStartupStop } from '../shared/startup-stop.js';
import { type SignalSource, type StopSignalName, stopSignalNames } from '../shared/stop-signals.js';
import { terminalLost } from './lost-output.js';

export type EndingSource = SignalSource & {
  /** Says `line` (on standard error) and ends the process with `code`, there and then. */
  end(line: string, code: number): unknown;
};

/**
 * `report interrupted: no page written to FILE; nothing in RUN was lost`: `unwritten` what the command did not
 * write (null: nothing to say), `where` the runs it read.
 */
export function interruptedLine(command: string, unwritten: string | null, where: string): string {
  // The names are the user's: escaped, as any path said (a newline or an escape sequence in a folder's name).
  return printable(`${command} interrupted: ${unwritten === null ? '' : `${unwritten}; `}nothing in ${where} was lost`);
}

/**
 * Listens until the returned function is called; `remove` removes the temporary files (removeTemporariesNow), then
 * the process ends with `line` and exit 130 (the listeners off first: a second signal is the default one). A
 * signal `goesOn` says to go on with is left alone: the hangup lost-output.ts raises itself when our terminal went
 * away (`analyze RUN` in a window closed meanwhile), which means "finish the work unseen", not "stop".
 */
export function removeTemporariesOnStop(
  source: EndingSource,
  remove: () => void,
  line: string,
  goesOn: (name: StopSignalName) => boolean = () => false,
): () => void {
  const listeners = new Map<StopSignalName, () => void>();
  const stopListening = () => {
    for (const [name, listener] of listeners) source.off(name, listener);
    listeners.clear();
  };
  for (const name of stopSignalNames) {
    const listener = () => {
      if (goesOn(name)) return;
      stopListening();
      remove();
      source.end(line, exitCodes.interrupted);
    };
    listeners.set(name, listener);
    source.on(name, listener);
  }
  handOverStartupStop();
  return stopListening;
}

/** `work` (a command's action) with the process's stop signals removing its temporary files and saying `line`. */
export async function removingTemporariesOnStop<T>(work: () => Promise<T>, line: string): Promise<T> {
  const source: EndingSource = {
    on: (name, listener) => process.on(name, listener),
    off: (name, listener) => process.off(name, listener),
    end(text, code) {
      // Standard error is written synchronously (a file, a pipe or a terminal on Linux): the line is out before exit.
      process.stderr.write(`${text}\n`);
      process.exit(code);
    },
  };
  const stopListening = removeTemporariesOnStop(
    source,
    removeTemporariesNow,
    line,
    (name) => name === 'SIGHUP' && terminalLost(),
  );
  try {
    return await work();
  } finally {
    stopListening();
  }
}
