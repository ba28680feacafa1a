/**
 * Our output can go away mid-command, in two ways that mean different things:
 * - a reader that stops reading (`launcher ... | head`, `2> >(head -3)`) closes its pipe: writes there fail with EPIPE.
 *   Only what we say there is lost; the user asked for the work, not for every line. That stream is muted and the
 *   command goes on to its own end and exit code (a run, every trial of an experiment).
 * - a closed terminal window or a dropped ssh session hangs the terminal up: every write fails with EIO. That is a
 *   hangup (the kernel's SIGHUP may not reach us, a job in the background): both streams are muted and a hangup is
 *   raised, so a run stops in order and still writes its manifest (a crash here left CSVs no manifest accounted for).
 */
import { exitCodes } from '../shared/exit-codes.js';

let failed = false;
let hungUp = false;
const saidFailed = new Set<NodeJS.WriteStream>();

export function surviveLostOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        mute(stream);
        return;
      }
      if (error.code === 'EIO') {
        if (hungUp) return;
        hungUp = true;
        mute(process.stdout);
        mute(process.stderr);
        process.emit('SIGHUP', 'SIGHUP');
        return;
      }
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
    });
  }
}

function mute(stream: NodeJS.WriteStream): void {
  const discard = (_chunk: unknown, ...rest: unknown[]): boolean => {
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  stream.write = discard as typeof stream.write;
}

/** Our terminal hung up (EIO): what we say is muted, and the hangup raised for it means go on unseen. */
export function terminalLost(): boolean {
  return hungUp;
}

/** A write failed other than by a lost reader: a command that ended well exits 4 (exitCodes.outputUnwritable). */
export function outputFailed(): boolean {
  return failed;
}

/**
 * `signal`, except once the terminal is lost: after the run, what is left is writing its files, and the hangup that
 * the lost terminal stands for (or a signal nobody would see answered) is no reason to skip them: the run still gets
 * its report and its exit code.
 */
export function unlessTerminalLost(signal: AbortSignal): AbortSignal {
  const stop = new AbortController();
  const onAbort = () => {
    if (!hungUp) stop.abort();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return stop.signal;
}
