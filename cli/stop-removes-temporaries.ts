/**
 * `analyze`, `check`, `report` and `compare` end at a stop signal as by default (nothing of theirs needs stopping in
 * order), but a signal in the middle of writing summary.json, check.json or a page left its temporary file
 * (`report.html.<pid>.tmp`) beside it for good. While one of them runs, a stop signal first removes the temporary
 * files being written, then ends the process by the same signal, as the default would have (its listeners come off,
 * so the default returns).
 */
import { removeTemporariesNow } from '../run-folder/exclusive-file.js';
import { type SignalSource, type StopSignalName, stopSignalNames } from '../shared/stop-signals.js';
import { outputLost } from './lost-output.js';

export type EndingSource = SignalSource & {
  readonly pid: number;
  kill(pid: number, signal: StopSignalName): unknown;
};

/**
 * Listens until the returned function is called; `remove` removes the temporary files (removeTemporariesNow). A
 * signal `goesOn` says to go on with is left alone: the hangup lost-output.ts raises itself when our reader went
 * away (`analyze RUN | head`), which means "finish the work unseen", not "stop".
 */
export function removeTemporariesOnStop(
  source: EndingSource,
  remove: () => void,
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
      source.kill(source.pid, name);
    };
    listeners.set(name, listener);
    source.on(name, listener);
  }
  return stopListening;
}

/** `work` (a command's action) with the process's stop signals removing its temporary files. */
export async function removingTemporariesOnStop<T>(work: () => Promise<T>): Promise<T> {
  const stopListening = removeTemporariesOnStop(
    process,
    removeTemporariesNow,
    (name) => name === 'SIGHUP' && outputLost(),
  );
  try {
    return await work();
  } finally {
    stopListening();
  }
}
