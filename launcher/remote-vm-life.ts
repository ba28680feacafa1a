/**
 * One life of a VM on another host: `node dist/vm/main.js --id K --stdio` started over ssh in the host's clocklab
 * folder, its control channel on the SSH channel (newline JSON, bounded, validated). The run's secret goes in the
 * `init` message, never on a command line. How its end is read is remote-vm-exit.ts's; its rows, relayed or fetched
 * after a kill, are remote-vm-rows.ts's.
 */
import type { LauncherToVm, VmFailureReason } from '../shared/ipc-messages.js';
import type { LauncherToRemoteVm } from '../shared/remote-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { RemoteCsv } from './remote-csv.js';
import type { FetchResult } from './remote-csv-fetch.js';
import { forHost, type RemoteHostLink } from './remote-host-link.js';
import { checkRemoteLine } from './remote-messages.js';
import { RemoteVmChannel } from './remote-vm-channel.js';
import { RemoteExitReading, remoteVmCommand } from './remote-vm-exit.js';
import { RemoteVmRows } from './remote-vm-rows.js';
import type { VmEvents, VmExit, VmLife, VmSignal } from './vm-transport.js';

export type { RemoteHostLink } from './remote-host-link.js';

/** A VM's failures that are about its own host's file system or network, not about its peers. */
const ownHostReasons: ReadonlySet<VmFailureReason> = new Set(['cannot-write', 'listen-failed', 'port-in-use']);

/**
 * After a kill the launcher gives the channel this long to close by itself, then drops its ssh client. Once the kill
 * was done on the host the VM is known dead (its exit is SIGKILL, its last rows are fetched over the launcher's own
 * session), so a stalled channel is not waited for; when the kill could not be done there, longer.
 */
const closeAfterKillMs = { done: 250, unsure: 5000 };

export class RemoteVmLife implements VmLife {
  readonly exited: Promise<VmExit>;
  readonly #host: RemoteHostLink;
  readonly #spec: VmSpec;
  readonly #events: VmEvents;
  readonly #rows: RemoteVmRows;
  readonly #end = new RemoteExitReading();
  readonly #channel = new RemoteVmChannel();
  #leaveGate: () => void = () => {};
  #cancelled = false;
  #pid: number | undefined;
  #finished = false;
  #ended = false;

  /** `resumeAt`: a restarted life; the file on the host is first cut back to this many bytes (RemoteCsv.resumeAt). */
  constructor(host: RemoteHostLink, spec: VmSpec, events: VmEvents, csv: RemoteCsv, resumeAt?: number) {
    this.#host = host;
    this.#spec = spec;
    this.#events = events;
    this.#rows = new RemoteVmRows(host, spec.id, csv, events.onOutput, {
      onRefused: () => this.#stopForRefusal(),
      onCannotWrite: (detail) => events.onMessage({ type: 'failed', id: spec.id, reason: 'cannot-write', detail }),
    });
    this.exited = new Promise((resolve) => {
      const end = (exit: VmExit) => {
        this.#ended = true;
        this.#channel.close();
        this.#leaveGate();
        events.onExit(exit);
        resolve(exit);
      };
      void host.gate.enter().then((leave) => {
        this.#leaveGate = leave;
        if (resumeAt === undefined) this.#beginUnlessKilled(end);
        else void this.#cutBack(resumeAt, end);
      });
    });
  }

  /** A restarted life: its file on the host is cut back first; if that fails, it ends before its VM starts. */
  async #cutBack(resumeAt: number, end: (exit: VmExit) => void): Promise<void> {
    const lost = await this.#rows.cutBack(resumeAt);
    if (lost === undefined) this.#beginUnlessKilled(end);
    else end({ id: this.#spec.id, pid: undefined, code: undefined, signal: undefined, lost });
  }

  /** A kill that came while the life waited (its turn at the gate, the cut-back) ends it before its VM starts. */
  #beginUnlessKilled(end: (exit: VmExit) => void): void {
    if (this.#cancelled) end({ id: this.#spec.id, pid: undefined, code: undefined, signal: 'SIGKILL' });
    else this.#begin(end);
  }

  #begin(end: (exit: VmExit) => void): void {
    const command = remoteVmCommand(this.#host.dir, this.#spec.id, this.#spec.clockRate);
    this.#channel.open(this.#host.spawner(this.#host.ssh, command), {
      line: (line) => this.#onLine(line),
      refused: (detail) => this.#events.onOutput(`control channel: refused ${detail}`),
      stderr: (line) => {
        const shown = this.#end.read(line);
        if (shown !== undefined) this.#events.onOutput(shown);
      },
      close: (code, signal) => {
        void this.#ending(code, signal).then(end);
      },
    });
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  get open(): boolean {
    return !this.#ended && this.#channel.writable;
  }

  send(message: LauncherToVm): void {
    this.write(forHost(this.#host, message));
  }

  write(message: LauncherToRemoteVm): void {
    if (!this.#ended) this.#channel.write(`${JSON.stringify(message)}\n`);
  }

  signal(signal: VmSignal): void {
    if (this.#ended) return;
    if (!this.#channel.started) {
      if (signal === 'SIGKILL') this.#cancelled = true; // never started: it ends when its turn comes
      return;
    }
    const pid = this.#pid;
    if (pid === undefined) {
      // Not connected yet (no hello): it was never sent a start, and a VM that starts meanwhile exits when its channel
      // closes before its start (launched-coordinator.ts). So the channel is dropped now, not waited for.
      if (signal !== 'SIGKILL') return;
      this.#end.killed();
      this.#channel.end();
      this.#channel.dropAfter(0);
      return;
    }
    // The launcher's own session on that host signals the VM's process, as `kill` would there.
    const sent = this.#host.shell.run(`kill -${signal.slice(3)} ${pid}`);
    if (signal !== 'SIGKILL') return;
    // Whatever becomes of that kill, a closed channel stops the VM; and the ssh client goes if it hangs.
    this.#channel.end();
    this.#channel.dropAfter(closeAfterKillMs.unsure);
    void sent.then((result) => {
      if (!result.ok || this.#ended) return;
      this.#end.killed();
      this.#channel.dropAfter(closeAfterKillMs.done);
    });
  }

  /** True when this life ended with its host lost (its channel gone without the VM's exit status). */
  get hostLost(): boolean {
    return this.#ended && !this.#end.vmEnded && this.#rows.refused === undefined && this.#channel.started;
  }

  /**
   * At the end of a run, for a life lost with its host: its last rows, if the host answers again (RemoteVmRows). A
   * life that never said hello has none to ask for: its start would have come after its hello on the same channel.
   */
  recoverRows(timeoutMs: number, gaveUp?: string): Promise<FetchResult> {
    if (this.#pid === undefined) return Promise.resolve({ ok: true, bytes: 0 });
    return this.#rows.recover(this.#pid, timeoutMs, gaveUp);
  }

  #onLine(line: string): void {
    const checked = checkRemoteLine(line, this.#spec.id);
    if (!checked.ok) {
      this.#events.onOutput(`control channel: refused ${checked.detail}`);
      return;
    }
    const message = checked.message;
    switch (message.type) {
      case 'hello':
        this.#pid = message.pid;
        this.#leaveGate(); // connected: the next VM for this host may start its ssh
        return;
      case 'pong':
        this.#host.onPong(message);
        return;
      case 'rows':
        this.#rows.write(message.offset, message.text);
        return;
      case 'done':
        this.#finished = true;
        this.#events.onMessage(message);
        return;
      case 'failed':
        this.#finished = true;
        // What failed is its host's (the file it could not write, the address or port it could not take there, not
        // the launcher's): the line says which host.
        this.#events.onMessage(
          ownHostReasons.has(message.reason)
            ? { ...message, detail: `${message.detail} on host ${this.#host.name} (${this.#host.ssh})` }
            : message,
        );
        return;
      default:
        this.#events.onMessage(message);
    }
  }

  #stopForRefusal(): void {
    if (!this.#channel.started || this.#ended) return;
    if (this.#pid !== undefined) void this.#host.shell.run(`kill -KILL ${this.#pid}`);
    this.#channel.end();
  }

  async #ending(code: number | null, signal: NodeJS.Signals | null): Promise<VmExit> {
    const base = { id: this.#spec.id, pid: this.#pid };
    // Refused rows end the life whatever its end looked like (the launcher closed its channel).
    const refused = this.#rows.refused;
    if (refused !== undefined) return { ...base, code: undefined, signal: undefined, lost: refused };
    // A VM that ended on its host before it was done (killed) has rows there it never relayed; one killed before its
    // hello (still connecting) never ticked, and its host may not answer: nothing is asked for.
    if (this.#end.vmEnded && !this.#finished && this.#pid !== undefined) await this.#rows.fetchRest();
    return { ...base, ...this.#end.end(this.#host, code, signal) };
  }
}
