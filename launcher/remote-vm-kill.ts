/**
 * How the launcher signals a VM on another host, by how far its life got. Before its ssh client started (waiting for
 * its turn at the connect gate, or its cut-back), a kill only marks it cancelled: it ends before its VM starts. Before
 * its hello, a kill drops the channel at once. After, the launcher's own session on that host signals the VM's pid.
 */
import type { HostShell } from './remote-host-shell.js';
import { pauseCommand, signalCommand } from './remote-pause-guard.js';
import type { RemoteVmChannel } from './remote-vm-channel.js';
import type { RemoteExitReading } from './remote-vm-exit.js';
import type { SignalHow, VmSignal } from './vm-transport.js';

/**
 * After a kill the launcher gives the channel this long to close by itself, then drops its ssh client. Once the kill
 * was done on the host the VM is known dead (its exit is SIGKILL, its last rows are fetched over the launcher's own
 * session), so a stalled channel is not waited for; when the kill could not be done there, longer; but a kill `now`
 * (a second Ctrl-C: stop at once) drops it within a second: a host cut off never answers, and its ssh client would
 * notice only after its keep-alives (6 s). Its VM is then taken for lost with its host, as it is.
 */
const closeAfterKillMs = { done: 250, unsure: 5000, now: 1000 };

/** What a kill needs of the life it signals. */
export type KillTarget = {
  channel: Pick<RemoteVmChannel, 'started' | 'end' | 'dropAfter'>;
  end: Pick<RemoteExitReading, 'killed'>;
  /** The launcher's own session on the VM's host. */
  shell: Pick<HostShell, 'run'>;
  /** The VM's pid on its host, once it said hello. */
  pid(): number | undefined;
  ended(): boolean;
  /** Where its pauses' marks go on its host (remote-pause-guard.ts pauseMarks). */
  pauseMarks: string;
};

export class RemoteVmKill {
  readonly #target: KillTarget;
  #cancelled = false;
  #pauses = 0;

  constructor(target: KillTarget) {
    this.#target = target;
  }

  /** True when a kill came before the life's ssh client started: it must not start its VM. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  signal(signal: VmSignal, { pauseMs, now = false }: SignalHow = {}): void {
    const { channel, end, shell } = this.#target;
    if (this.#target.ended()) return;
    if (!channel.started) {
      if (signal === 'SIGKILL') this.#cancelled = true; // never started: it ends when its turn comes
      return;
    }
    const pid = this.#target.pid();
    if (pid === undefined) {
      // Not connected yet (no hello): it was never sent a start, and a VM that starts meanwhile exits when its channel
      // closes before its start (launched-coordinator.ts). So the channel is dropped now, not waited for.
      if (signal !== 'SIGKILL') return;
      end.killed();
      channel.end();
      channel.dropAfter(0);
      return;
    }
    // The launcher's own session on that host signals the VM's process, as `kill` would there; a pause with a guard
    // that continues it should the launcher not (remote-pause-guard.ts).
    const marks = this.#target.pauseMarks;
    const sent = shell.run(
      signal === 'SIGSTOP'
        ? pauseCommand(pid, pauseMs, marks, ++this.#pauses)
        : signalCommand(pid, signal === 'SIGCONT' ? 'CONT' : 'KILL', marks),
    );
    if (signal !== 'SIGKILL') return;
    // Whatever becomes of that kill, a closed channel stops the VM; and the ssh client goes if it hangs.
    channel.end();
    channel.dropAfter(now ? closeAfterKillMs.now : closeAfterKillMs.unsure);
    void sent.then((result) => {
      if (!result.ok || this.#target.ended()) return;
      end.killed();
      channel.dropAfter(closeAfterKillMs.done);
    });
  }

  /** Its rows were refused: the VM is killed on its host, and its channel closed. */
  stopForRefusal(): void {
    const { channel, shell } = this.#target;
    if (!channel.started || this.#target.ended()) return;
    const pid = this.#target.pid();
    if (pid !== undefined) void shell.run(signalCommand(pid, 'KILL', this.#target.pauseMarks));
    channel.end();
  }
}
