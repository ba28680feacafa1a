/**
 * One life of a VM on another host: `node dist/vm/main.js --id K --stdio` started over ssh in the host's clocklab
 * folder, its control channel on the SSH channel (newline JSON, bounded, validated). The run's secret goes in the
 * `init` message, never on a command line. How its end is read is remote-vm-exit.ts's; its rows relayed are
 * remote-vm-rows.ts's, those fetched after a kill or at the end remote-unrelayed-rows.ts's; what it is sent is
 * remote-vm-outbox.ts's, what its lines do remote-vm-inbox.ts's; how it is signalled, remote-vm-kill.ts's.
 */
import type { LauncherToVm } from '../shared/ipc-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { RemoteCsv } from './remote-csv.js';
import type { FetchResult } from './remote-csv-fetch.js';
import type { RemoteHostLink } from './remote-host-link.js';
import { pauseMarks } from './remote-pause-guard.js';
import { UnrelayedRows } from './remote-unrelayed-rows.js';
import { RemoteVmChannel } from './remote-vm-channel.js';
import { RemoteExitReading, remoteVmCommand } from './remote-vm-exit.js';
import { type RemoteVmInbox, takeRemoteErrorLine, takeRemoteLine } from './remote-vm-inbox.js';
import { RemoteVmKill } from './remote-vm-kill.js';
import { RemoteVmOutbox } from './remote-vm-outbox.js';
import { RemoteVmRows } from './remote-vm-rows.js';
import type { SignalHow, VmEvents, VmExit, VmLife, VmSignal } from './vm-transport.js';

export type { RemoteHostLink } from './remote-host-link.js';

export class RemoteVmLife implements VmLife {
  readonly exited: Promise<VmExit>;
  /** What the launcher sends it: the run's messages, its host's clock samples, a Ctrl-Z's hold and resume. */
  readonly outbox: RemoteVmOutbox;
  readonly #host: RemoteHostLink;
  readonly #spec: VmSpec;
  readonly #events: VmEvents;
  readonly #rows: RemoteVmRows;
  readonly #unrelayed: UnrelayedRows;
  readonly #kill: RemoteVmKill;
  readonly #end = new RemoteExitReading();
  readonly #channel = new RemoteVmChannel();
  readonly #csv: RemoteCsv;
  #leaveGate: () => void = () => {};
  #pid: number | undefined;
  #finished = false;
  #ended = false;

  /** `resumeAt`: a restarted life; the file on the host is first cut back to this many bytes (RemoteCsv.resumeAt). */
  constructor(host: RemoteHostLink, spec: VmSpec, events: VmEvents, csv: RemoteCsv, resumeAt?: number) {
    this.#host = host;
    this.#spec = spec;
    this.#events = events;
    this.#csv = csv;
    this.outbox = new RemoteVmOutbox(host, this.#channel, resumeAt !== undefined, () => this.#ended);
    this.#kill = new RemoteVmKill({
      channel: this.#channel,
      end: this.#end,
      shell: host.shell,
      pid: () => this.#pid,
      ended: () => this.#ended,
      pauseMarks: pauseMarks(host.scratchDir, spec.id),
    });
    this.#rows = new RemoteVmRows(host, spec.id, csv, events.onOutput, {
      onRefused: () => this.#kill.stopForRefusal(),
      onCannotWrite: (detail) => events.onMessage({ type: 'failed', id: spec.id, reason: 'cannot-write', detail }),
    });
    this.#unrelayed = new UnrelayedRows(host, spec.id, csv, events.onOutput, this.#rows);
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
    const lost = await this.#unrelayed.cutBack(resumeAt);
    if (lost === undefined) {
      await this.outbox.release(this.#csv);
      this.#beginUnlessKilled(end);
    } else end({ id: this.#spec.id, pid: undefined, code: undefined, signal: undefined, lost });
  }

  /** A kill that came while the life waited (its turn at the gate, the cut-back) ends it before its VM starts. */
  #beginUnlessKilled(end: (exit: VmExit) => void): void {
    if (this.#kill.cancelled) end({ id: this.#spec.id, pid: undefined, code: undefined, signal: 'SIGKILL' });
    else this.#begin(end);
  }

  #begin(end: (exit: VmExit) => void): void {
    const command = remoteVmCommand(this.#host.dir, this.#spec.id, this.#spec.clockRate);
    const inbox: RemoteVmInbox = {
      host: this.#host,
      rows: this.#rows,
      events: this.#events,
      hello: (pid) => {
        this.#pid = pid;
        this.#leaveGate(); // connected: the next VM for this host may start its ssh
      },
      finished: () => {
        this.#finished = true;
      },
    };
    this.#channel.open(this.#host.spawner(this.#host.ssh, command), {
      line: (line) => takeRemoteLine(line, this.#spec.id, inbox),
      refused: (detail) => this.#events.onOutput(`control channel: refused ${detail}`),
      stderr: (line) =>
        takeRemoteErrorLine(line, this.#spec.id, this.#host, (other) => {
          const shown = this.#end.read(other);
          if (shown !== undefined) this.#events.onOutput(shown);
        }),
      close: (code, signal) => {
        void this.#ending(code, signal).then(end);
      },
    });
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  send(message: LauncherToVm): void {
    this.outbox.send(message);
  }

  signal(signal: VmSignal, how: SignalHow = {}): void {
    this.#kill.signal(signal, how);
  }

  /** It may have rows on its host: its start went out (it makes its CSV on the start), or rows of it came. */
  get mayHaveRows(): boolean {
    return this.outbox.startSent || this.#rows.relayed;
  }

  /** True when this life ended with its host lost (its channel gone without the VM's exit status). */
  get hostLost(): boolean {
    return this.#ended && !this.#end.vmEnded && this.#rows.refused === undefined && this.#channel.started;
  }

  /**
   * At the end of a run, for a life lost with its host: its last rows, if the host answers again (UnrelayedRows). A
   * life that never said hello has none to ask for: its start would have come after its hello on the same channel.
   */
  recoverRows(timeoutMs: number, gaveUp?: string): Promise<FetchResult> {
    if (this.#pid === undefined) return Promise.resolve({ ok: true, bytes: 0 });
    return this.#unrelayed.recover(this.#pid, timeoutMs, this.outbox.startSent, gaveUp);
  }

  /** Before the VM's restart: rows the fetch after its kill could not get are asked for again (UnrelayedRows). */
  fetchAgain(): Promise<void> {
    return this.#unrelayed.fetchAgain();
  }

  async #ending(code: number | null, signal: NodeJS.Signals | null): Promise<VmExit> {
    const base = { id: this.#spec.id, pid: this.#pid };
    // Refused rows end the life whatever its end looked like (the launcher closed its channel).
    const refused = this.#rows.refused;
    if (refused !== undefined) return { ...base, code: undefined, signal: undefined, lost: refused };
    // A VM that ended on its host before it was done (killed) has rows there it never relayed; one killed before its
    // hello (still connecting) never ticked, and its host may not answer: nothing is asked for. Nor for one never sent
    // its start (its channel, closed by a stop before the start, may end it before its kill does): it wrote no row.
    if (this.#end.vmEnded && !this.#finished && this.#pid !== undefined && this.outbox.startSent)
      await this.#unrelayed.fetchRest();
    return { ...base, ...this.#end.end(this.#host, code, signal, this.#pid !== undefined) };
  }
}
