/**
 * Ctrl-Z while VMs run on other hosts. Those VMs take a launcher silent for silentChannelMs for one cut off and stop
 * (shared/remote-messages.ts), so before it stops the launcher tells them to hold: each run with such VMs registers
 * how (`hold`), and one listener serves them all (an experiment runs trials side by side). Then it stops as any
 * program does: its listener comes off (the default returns) and SIGTSTP is raised again, so the kernel decides as
 * ever (a process group no shell can resume is not stopped). Once it runs on, it listens again while any run is
 * registered. Local VMs need none of this: they are in process groups of their own and never time the launcher's
 * silence, so with none registered nothing listens and Ctrl-Z is the default one.
 */
import type { SuspendingRun } from '../shared/stop-signals.js';

export type SuspendSource = {
  readonly pid: number;
  on(signal: 'SIGTSTP', listener: () => void): unknown;
  off(signal: 'SIGTSTP', listener: () => void): unknown;
  kill(pid: number, signal: 'SIGTSTP'): unknown;
};

export type SuspendGuard = {
  /** The run's `prepare` runs before each stop, and its `resume` once continued, until the returned function is called. */
  hold(run: SuspendingRun): () => void;
};

export function suspendGuard(source: SuspendSource): SuspendGuard {
  const runs = new Set<SuspendingRun>();
  let listening = false;
  let stopping = false;
  const listen = (on: boolean) => {
    if (on === listening) return;
    listening = on;
    if (on) source.on('SIGTSTP', onSuspend);
    else source.off('SIGTSTP', onSuspend);
  };
  function onSuspend() {
    if (stopping) return; // the same Ctrl-Z again, or one more while the VMs are told: one stop is enough
    stopping = true;
    const told = [...runs];
    // A prepare that fails (a bug) must not leave the guard stopping for ever, swallowing every later Ctrl-Z.
    void Promise.allSettled(told.map((run) => run.prepare())).then(() => {
      stopping = false;
      listen(false);
      // Asked for, so done even if every run ended meanwhile.
      source.kill(source.pid, 'SIGTSTP'); // stopped here until continued (fg, bg, SIGCONT)
      // Running again: the runs told to hold speak again (their keep-alives were held back so as not to end the hold).
      for (const run of told) if (runs.has(run)) run.resume();
      listen(runs.size > 0);
    });
  }
  return {
    hold(run) {
      runs.add(run);
      listen(true);
      return () => {
        runs.delete(run);
        if (!stopping) listen(runs.size > 0);
      };
    },
  };
}
