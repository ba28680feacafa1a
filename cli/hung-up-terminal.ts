/**
 * A terminal that hung up (its window closed, `tmux kill-session`, an ssh session dropped) while the launcher ran:
 * the command still ends in order with its own exit code (130 for a run the hangup stopped), but Node then aborts as
 * it exits (exit 134): it restores each standard stream's terminal settings (ResetStdio), and on a hung-up terminal
 * that fails with EIO, which Node 20 treats as a bug (nodejs/node#51519; fixed by nodejs/node#58200, not in 20).
 * Node skips a stream whose descriptor no longer refers to the file it found at start-up, so at exit each stream that
 * was a terminal and no longer is one (isatty fails on a hung-up terminal) is pointed at /dev/null first: there is
 * nothing left to restore on a terminal that is gone. A live terminal is left as it is, and restored as usual.
 */
import { closeSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';

/** The process's standard descriptors, and its exit, as this needs them (fakes in the tests). */
export type StdioPort = {
  isatty(fd: number): boolean;
  /** `fd` closed, then /dev/null opened: it takes the lowest free descriptor, `fd`. */
  toDevNull(fd: number): void;
  onExit(listener: () => void): void;
};

export const processStdio: StdioPort = {
  isatty,
  toDevNull(fd) {
    closeSync(fd);
    openSync('/dev/null', fd === 0 ? 'r' : 'w');
  },
  onExit: (listener) => process.on('exit', listener),
};

/** Called once at start-up, while the terminal is there: at exit, the streams whose terminal is gone. */
export function releaseHungUpTerminalAtExit(port: StdioPort): void {
  const onTerminal = [0, 1, 2].filter((fd) => port.isatty(fd));
  if (onTerminal.length === 0) return;
  port.onExit(() => {
    for (const fd of onTerminal) {
      if (port.isatty(fd)) continue;
      try {
        port.toDevNull(fd);
      } catch {
        // Out of descriptors or no /dev/null: Node aborts as before, and the run's files are written all the same.
      }
    }
  });
}
