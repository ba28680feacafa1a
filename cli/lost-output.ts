/**
 * Our output can go away mid-command: `launcher ... | head` closes the pipe (EPIPE), a closed terminal window makes
 * every write fail (EIO). What is left to say is lost, but not the work: the output is muted and the command goes on
 * as after a hangup, so a run stops in order and still writes its manifest (a crash here left CSVs no manifest
 * accounted for).
 */
import { exitCodes } from '../shared/exit-codes.js';

let failed = false;
let lost = false;
const saidFailed = new Set<NodeJS.WriteStream>();

export function surviveLostOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') {
        // Every queued write fails alike (a full disk): one line says it.
        if (saidFailed.has(stream)) return;
        saidFailed.add(stream);
        // Thrown from an 'error' handler it would crash the command mid-run: one line on the other stream instead.
        const other = stream === process.stdout ? process.stderr : process.stdout;
        const which = stream === process.stdout ? 'standard output' : 'standard error';
        other.write(`launcher: cannot write to ${which} (${error.code ?? error.message})\n`);
        failed = true;
        // When it comes after main has returned with 0; a command that failed on its own keeps its code.
        if (process.exitCode === undefined || process.exitCode === exitCodes.ok) {
          process.exitCode = exitCodes.outputUnwritable;
        }
        return;
      }
      if (lost) return;
      lost = true;
      muteOutput();
      process.emit('SIGHUP', 'SIGHUP');
    });
  }
}

function muteOutput(): void {
  const discard = (_chunk: unknown, ...rest: unknown[]): boolean => {
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  process.stdout.write = discard as typeof process.stdout.write;
  process.stderr.write = discard as typeof process.stderr.write;
}

/** Our reader went away (EPIPE, EIO): what we say is muted, and the hangup raised for it means go on unseen. */
export function outputLost(): boolean {
  return lost;
}

/** A write failed other than by a lost reader: a command that ended well exits 4 (exitCodes.outputUnwritable). */
export function outputFailed(): boolean {
  return failed;
}

/**
 * `signal`, except once the output is lost: after the run, what is left is writing its files, and the hangup that
 * lost output stands for (or a signal nobody would see answered) is no reason to skip them: `launcher run ... | head`
 * still gets its report and its exit code.
 */
export function unlessOutputLost(signal: AbortSignal): AbortSignal {
  const stop = new AbortController();
  const onAbort = () => {
    if (!lost) stop.abort();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return stop.signal;
}
