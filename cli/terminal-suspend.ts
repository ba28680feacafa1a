/**
 * Ctrl-Z during a run with VMs on other hosts. Those VMs take a launcher silent for silentChannelMs for one cut off
 * and stop (shared/remote-messages.ts), so before it stops the launcher tells them to hold (`prepare`). Then it stops
 * as any program does: its listener comes off (the default returns) and SIGTSTP is raised again, so the kernel
 * decides as ever (a process group no shell can resume is not stopped). Once it runs on, it listens again. Local
 * VMs need none of this: they are in process groups of their own and never time their launcher's silence.
 */
export type SuspendSource = {
  readonly pid: number;
  on(signal: 'SIGTSTP', listener: () => void): unknown;
  off(signal: 'SIGTSTP', listener: () => void): unknown;
  kill(pid: number, signal: 'SIGTSTP'): unknown;
};

/** Listens for Ctrl-Z until the returned function is called. */
export function listenForSuspend(source: SuspendSource, prepare: () => Promise<void>): () => void {
  let listening = true;
  let preparing = false;
  const onSuspend = () => {
    if (preparing) return; // the same Ctrl-Z, or one more while the VMs are told: one stop is enough
    preparing = true;
    void prepare().then(() => {
      preparing = false;
      if (!listening) return; // the run ended meanwhile: nothing left to hold, and no stop asked for any more
      source.off('SIGTSTP', onSuspend);
      source.kill(source.pid, 'SIGTSTP'); // stopped here until continued (fg, bg, SIGCONT)
      source.on('SIGTSTP', onSuspend);
    });
  };
  source.on('SIGTSTP', onSuspend);
  return () => {
    listening = false;
    source.off('SIGTSTP', onSuspend);
  };
}
