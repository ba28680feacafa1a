/**
 * Ctrl-Z while VMs run on other hosts. Those VMs take a launcher silent for silentChannelMs for one cut off and stop
 * (shared/remote-messages.ts), so before it stops the launcher tells them to hold: each run with such VMs registers
 * how (`hold`), and one listener serves them all (an experiment runs trials side by side). Then it stops as any
 * program does: its listener comes off (the default returns) and SIGTSTP is raised again, so the kernel decides as
 * ever (a process group no shell can resume is not stopped). Once it runs on, it listens again while any run is
 * registered. Local VMs need none of this: they are in process groups of their own and never time the launcher's
 * silence, so with none registered nothing listens and Ctrl-Z is the default one.
 */
export type SuspendSource = {
  readonly pid: number;
  on(signal: 'SIGTSTP', listener: () => void): unknown;
  off(signal: 'SIGTSTP', listener: () => void): unknown;
  kill(pid: number, signal: 'SIGTSTP'): unknown;
};

export type SuspendGuard = {
  /** `prepare` runs before each stop until the returned function is called. */
  hold(prepare: () => Promise<void>): () => void;
};

export function suspendGuard(source: SuspendSource): SuspendGuard {
  const prepares = new Set<() => Promise<void>>();
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
    void Promise.all([...prepares].map((prepare) => prepare())).then(() => {
      stopping = false;
      listen(false);
      // Asked for, so done even if every run ended meanwhile.
      source.kill(source.pid, 'SIGTSTP'); // stopped here until continued (fg, bg, SIGCONT)
      listen(prepares.size > 0);
    });
  }
  return {
    hold(prepare) {
      prepares.add(prepare);
      listen(true);
      return () => {
        prepares.delete(prepare);
        if (!stopping) listen(prepares.size > 0);
      };
    },
  };
}
