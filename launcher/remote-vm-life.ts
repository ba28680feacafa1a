/**
 * One life of a VM on another host: `node dist/vm/main.js --id K --stdio` started over ssh in the host's clocklab
 * folder, its control channel on the SSH channel (newline JSON, bounded, validated). The run's secret goes in the
 * `init` message, never on a command line. A shell around the VM reports its exit status on stderr, so a VM that
 * died on its host is told apart from a host that went away (ssh ends without that line). A VM that did not finish
 * has the rest of its CSV fetched from its host before its exit is reported.
 */
import type { ChildProcess } from 'node:child_process';
import { csvFileName } from '../run-folder/csv-columns.js';
import { errorCode } from '../run-folder/unreadable.js';
import type { LauncherToVm } from '../shared/ipc-messages.js';
import { LineSplitter } from '../shared/line-splitter.js';
import { type LauncherToRemoteVm, maxRemoteLineBytes, type RemoteVmToLauncher } from '../shared/remote-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import type { ConnectGate } from './host-connect-gate.js';
import type { RemoteCsv } from './remote-csv.js';
import { fetchRest } from './remote-csv-fetch.js';
import type { HostShell } from './remote-host-shell.js';
import { checkRemoteLine } from './remote-messages.js';
import { lastLine, type SshSpawner } from './remote-ssh.js';
import { cutBackCommand, exitStatusIn, hostLost, remoteVmCommand, vmEnded } from './remote-vm-exit.js';
import type { VmEvents, VmExit, VmLife, VmSignal } from './vm-transport.js';

export type RemoteHostLink = {
  name: string;
  ssh: string;
  dir: string;
  /** Where this host's VMs write their CSVs (the relay's source, and what is fetched after a kill). */
  scratchDir: string;
  spawner: SshSpawner;
  /** The launcher's own session on the host, for signals and fetches. */
  shell: Pick<HostShell, 'run'>;
  gate: Pick<ConnectGate, 'enter'>;
  /** Launcher epoch ms -> the host's epoch ms (the host's measured clock offset added). */
  toHostTime(epochMs: number): number;
  onPong(message: Extract<RemoteVmToLauncher, { type: 'pong' }>): void;
};

export class RemoteVmLife implements VmLife {
  readonly exited: Promise<VmExit>;
  readonly #host: RemoteHostLink;
  readonly #spec: VmSpec;
  readonly #events: VmEvents;
  readonly #csv: RemoteCsv;
  #child: ChildProcess | undefined;
  /** Lines sent before the ssh client was started (it waits for its turn at the host's gate). */
  readonly #pending: string[] = [];
  #leaveGate: () => void = () => {};
  #cancelled = false;
  #pid: number | undefined;
  #vmExitCode: number | undefined;
  #finished = false;
  #ended = false;
  #sshError = '';
  /** Why its rows were refused (a gap): the life then fails with this. */
  #refused: string | undefined;

  /** `resumeAt`: a restarted life; the file on the host is first cut back to this many bytes (RemoteCsv.resumeAt). */
  constructor(host: RemoteHostLink, spec: VmSpec, events: VmEvents, csv: RemoteCsv, resumeAt?: number) {
    this.#host = host;
    this.#spec = spec;
    this.#events = events;
    this.#csv = csv;
    this.exited = new Promise((resolve) => {
      const end = (exit: VmExit) => {
        this.#ended = true;
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

  /**
   * A restarted life goes on from the byte the run folder holds; if the host's file cannot be cut back to it, the
   * relay would write past the run folder's end, so the life ends before its VM starts, naming the host.
   */
  async #cutBack(resumeAt: number, end: (exit: VmExit) => void): Promise<void> {
    const result = await this.#host.shell.run(cutBackCommand(this.#hostFile(), resumeAt));
    if (result.ok) {
      this.#beginUnlessKilled(end);
      return;
    }
    const why = result.output.at(-1) ?? 'the command failed';
    const where = `host ${this.#host.name} (${this.#host.ssh})`;
    const lost = `could not restart: its CSV on ${where} could not be cut back to ${resumeAt} bytes (${why})`;
    end({ id: this.#spec.id, pid: undefined, code: undefined, signal: undefined, lost });
  }

  /** A kill that came while the life waited (its turn at the gate, the cut-back) ends it before its VM starts. */
  #beginUnlessKilled(end: (exit: VmExit) => void): void {
    if (this.#cancelled) end({ id: this.#spec.id, pid: undefined, code: undefined, signal: 'SIGKILL' });
    else this.#begin(end);
  }

  #begin(end: (exit: VmExit) => void): void {
    const child = this.#host.spawner(
      this.#host.ssh,
      remoteVmCommand(this.#host.dir, this.#spec.id, this.#spec.clockRate),
    );
    this.#child = child;
    child.stdin?.on('error', () => {}); // a channel that died is seen on close
    for (const line of this.#pending.splice(0)) child.stdin?.write(line);
    const splitter = new LineSplitter(maxRemoteLineBytes);
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const split of splitter.push(chunk)) {
        if (split.ok) this.#onLine(split.line);
        else this.#events.onOutput(`control channel: refused ${split.detail}`);
      }
    });
    const errors = new LineSplitter(64 * 1024);
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const split of errors.push(chunk)) if (split.ok) this.#onError(split.line);
    });
    child.on('close', (code, signal) => {
      void this.#ending(code, signal).then(end);
    });
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  get open(): boolean {
    return !this.#ended && this.#child?.stdin?.writable === true;
  }

  send(message: LauncherToVm): void {
    this.write(this.#forHost(message));
  }

  write(message: LauncherToRemoteVm): void {
    const line = `${JSON.stringify(message)}\n`;
    if (this.#child === undefined && !this.#ended) this.#pending.push(line);
    else if (this.open) this.#child?.stdin?.write(line);
  }

  signal(signal: VmSignal): void {
    if (this.#ended) return;
    const child = this.#child;
    if (child === undefined) {
      if (signal === 'SIGKILL') this.#cancelled = true; // never started: it ends when its turn comes
      return;
    }
    // The launcher's own session on that host signals the VM's process, as `kill` would there.
    if (this.#pid !== undefined) void this.#host.shell.run(`kill -${signal.slice(3)} ${this.#pid}`);
    if (signal === 'SIGKILL') {
      // Whatever becomes of that kill, a closed channel stops the VM; and the ssh client goes if it hangs.
      child.stdin?.end();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }
  }

  /** The init carries the host's CSV folder; instants are handed over in the host's own clock. */
  #forHost(message: LauncherToVm): LauncherToVm {
    switch (message.type) {
      case 'init':
        return { ...message, spec: { ...message.spec, outDir: this.#host.scratchDir } };
      case 'start':
        return {
          ...message,
          startEpochMs: this.#host.toHostTime(message.startEpochMs),
          stopEpochMs: this.#host.toHostTime(message.stopEpochMs),
        };
      case 'stop':
        return { ...message, atEpochMs: this.#host.toHostTime(message.atEpochMs) };
      case 'peers':
      case 'rejoin':
        return message;
      default: {
        const never: never = message;
        throw new Error(`unknown launcher message ${JSON.stringify(never)}`);
      }
    }
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
        this.#writeRows(message.offset, message.text);
        return;
      case 'done':
      case 'failed':
        this.#finished = true;
        this.#events.onMessage(message);
        return;
      default:
        this.#events.onMessage(message);
    }
  }

  /** Returns why the rows were not written (also told once on the VM's output), else undefined. */
  #writeRows(offset: number, data: string | Buffer): string | undefined {
    let refused: string | undefined;
    try {
      refused = this.#csv.write(offset, data);
    } catch (error) {
      const code = errorCode(error);
      const why = `its rows cannot be written into the run folder (${code}): kept on host ${this.#host.name}`;
      this.#events.onOutput(why);
      return why;
    }
    if (refused === undefined || this.#refused !== undefined) return refused;
    // A hole of zero bytes in the run folder's CSV would pass for rows: the VM is stopped and its life fails.
    this.#refused = `had rows from host ${this.#host.name} refused (${refused})`;
    this.#events.onOutput(`rows refused: ${refused}; they stay on host ${this.#host.name}`);
    this.#stopForRefusal();
    return refused;
  }

  #stopForRefusal(): void {
    const child = this.#child;
    if (child === undefined || this.#ended) return;
    if (this.#pid !== undefined) void this.#host.shell.run(`kill -KILL ${this.#pid}`);
    child.stdin?.end();
  }

  #hostFile(): string {
    return `${this.#host.scratchDir}/${csvFileName(this.#spec.id)}`;
  }

  #onError(line: string): void {
    const vmCode = exitStatusIn(line);
    if (vmCode !== undefined) {
      this.#vmExitCode = vmCode;
      return;
    }
    if (line.trim() !== '') this.#sshError = line;
    this.#events.onOutput(line);
  }

  async #ending(code: number | null, signal: NodeJS.Signals | null): Promise<VmExit> {
    const base = { id: this.#spec.id, pid: this.#pid };
    // Refused rows end the life whatever its end looked like (the launcher closed its channel).
    if (this.#refused !== undefined) return { ...base, code: undefined, signal: undefined, lost: this.#refused };
    const vmCode = this.#vmExitCode;
    if (vmCode === undefined) {
      const why = lastLine(this.#sshError) || (signal === null ? `ssh exit code ${code}` : `ssh ended by ${signal}`);
      return { ...base, ...hostLost(this.#host.name, this.#host.ssh, why) };
    }
    if (!this.#finished) await this.#fetchRest();
    return { ...base, ...vmEnded(vmCode) };
  }

  /** The rows a killed VM wrote but never relayed: read from its file on the host, from where the relay stopped. */
  async #fetchRest(): Promise<void> {
    const from = this.#csv.length;
    const fetched = await fetchRest(this.#host.shell, this.#hostFile(), from, (offset, bytes) =>
      this.#writeRows(offset, bytes),
    );
    if (!fetched.ok) {
      const host = `host ${this.#host.name} (${this.#host.ssh})`;
      this.#events.onOutput(`could not fetch its rows after byte ${from} from ${host}: ${fetched.why}`);
    }
  }
}
