/**
 * One ssh session per host kept open for the launcher's own commands there (signalling a VM for an injected pause
 * or kill, fetching a killed VM's last rows, removing scratch files): a plain `sh` reading commands on stdin, so a
 * command costs one round trip rather than a new ssh connection (hundreds of ms). Commands run one at a time; each
 * ends with a marker line carrying its exit status. The session ends when its stdin closes.
 *
 * A command that does not answer in time, or answers with a line over the bound, leaves the session out of step (its
 * late output would be read as the next command's): that session is set aside, and the next command opens a new one.
 * It is not ended before the run ends: a pause's guard there watches its shell (remote-pause-guard.ts).
 */

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { LineSplitter } from '../shared/line-splitter.js';
import { dropClient, type SshSpawner } from './remote-ssh.js';

export type ShellResult = { ok: boolean; output: string[] };

/** Bounds one line of a command's output (a fetched chunk is one base64 line: remote-csv-fetch.ts keeps it under). */
const defaults = { timeoutMs: 15_000, maxLineBytes: 1 << 24 };

const closedLine = 'the run ended before the host answered';

type Running = { child: ChildProcess; marker: string; output: string[]; done(result: ShellResult): void };

export class HostShell {
  readonly #spawner: SshSpawner;
  readonly #ssh: string;
  readonly #timeoutMs: number;
  readonly #maxLineBytes: number;
  #child: ChildProcess | undefined;
  #count = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #current: Running | undefined;
  /** Why commands fail from now on, once the session was ended for good (close). */
  #closed: string | undefined;
  #connectionLost = false;
  /** Sessions set aside out of step, until the end of the run. */
  readonly #aside = new Set<ChildProcess>();

  constructor(spawner: SshSpawner, ssh: string, bounds: Partial<typeof defaults> = {}) {
    this.#spawner = spawner;
    this.#ssh = ssh;
    this.#timeoutMs = bounds.timeoutMs ?? defaults.timeoutMs;
    this.#maxLineBytes = bounds.maxLineBytes ?? defaults.maxLineBytes;
  }

  /** Runs `command` in the host's shell after the ones before it; never rejects. `timeoutMs`: its own bound. */
  run(command: string, timeoutMs = this.#timeoutMs): Promise<ShellResult> {
    const result = this.#queue.then(() => this.#runNow(command, timeoutMs));
    this.#queue = result;
    return result;
  }

  /**
   * True when the last session to the host ended by itself (ssh lost its connection: the host, its sshd or the network
   * between went) and no command was answered since: the launcher already knows the host unreachable.
   */
  get connectionLost(): boolean {
    return this.#connectionLost;
  }

  /** Opens the session now, so the first command (often a timed fault) pays no connection time. */
  open(): void {
    if (this.#closed === undefined) this.#session();
  }

  /**
   * Ends the session for good, at the end of a run: a command still waiting on a host that does not answer (the kill
   * of a second Ctrl-C, sent as its host was cut off; the end's question to a lost host that a stop signal cut) fails
   * now, saying `why`, and none queued behind it opens a new connection, so the launcher exits at once rather than
   * after their timeouts. It does not wait for the ssh client to go; one whose command never answered is ended (it
   * may be stuck connecting to a host that is gone), as a session out of step is.
   */
  close(why = closedLine): void {
    this.#closed ??= why;
    const waiting = this.#current;
    if (waiting !== undefined && waiting.child === this.#child) dropClient(waiting.child);
    this.#detach();
    waiting?.done({ ok: false, output: [why] });
    // Their commands may never end: their ssh clients go now, as a session out of step went before it was set aside.
    for (const child of this.#aside) {
      child.stdin?.end();
      dropClient(child);
    }
    this.#aside.clear();
  }

  #detach(): void {
    const child = this.#child;
    this.#child = undefined;
    child?.stdin?.end();
    child?.stdout?.destroy();
    child?.stderr?.destroy();
    child?.unref();
  }

  /**
   * Sets a session out of step aside: nothing more is written to it or read from it (its output is let go), and the
   * next command opens a new one. It is not ended while the run goes on: a pause's guard started in it continues its
   * VM when its shell ends (remote-pause-guard.ts), which would end the pause early, silently, while the launcher
   * lives and the pause is still meant to hold. It ends at the end of the run (close), or by itself.
   */
  #setAside(child: ChildProcess): void {
    if (this.#child === child) this.#child = undefined;
    if (this.#closed !== undefined) {
      dropClient(child);
      return;
    }
    child.stdout?.removeAllListeners('data');
    child.stdout?.resume();
    this.#aside.add(child);
    child.once('close', () => this.#aside.delete(child));
  }

  #runNow(command: string, timeoutMs: number): Promise<ShellResult> {
    if (this.#closed !== undefined) return Promise.resolve({ ok: false, output: [this.#closed] });
    const child = this.#session();
    if (child.stdin === null || !child.stdin.writable) return Promise.resolve({ ok: false, output: [] });
    // Unique per command, and unguessable to what the command prints.
    const marker = `clocklab-done-${this.#count++}-${randomBytes(6).toString('hex')}`;
    return new Promise<ShellResult>((resolve) => {
      const timer = setTimeout(() => {
        this.#setAside(child);
        finish({ ok: false, output: [`no answer from the host in ${timeoutMs / 1000} s`] });
      }, timeoutMs);
      const finish = (result: ShellResult) => {
        clearTimeout(timer);
        if (this.#current?.marker === marker) this.#current = undefined;
        resolve(result);
      };
      this.#current = { child, marker, output: [], done: finish };
      child.stdin?.write(`${command}\necho "${marker} $?"\n`);
    });
  }

  #session(): ChildProcess {
    if (this.#child !== undefined) return this.#child;
    const child = this.#spawner(this.#ssh, 'exec sh');
    this.#child = child;
    child.stdin?.on('error', () => {});
    const lines = new LineSplitter(this.#maxLineBytes);
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const split of lines.push(chunk)) {
        const current = this.#current;
        // Only the running command's own session speaks for it.
        if (current === undefined || current.child !== child) continue;
        if (!split.ok) {
          this.#setAside(child);
          current.done({ ok: false, output: [`the host answered with ${split.detail}, over the bound`] });
        } else if (split.line.startsWith(`${current.marker} `)) {
          this.#connectionLost = false;
          current.done({ ok: split.line === `${current.marker} 0`, output: current.output });
        } else current.output.push(split.line);
      }
    });
    child.stderr?.resume();
    child.on('close', () => {
      // Not ended by the launcher (close, or dropped out of step): the connection went.
      if (this.#child === child) {
        this.#child = undefined;
        this.#connectionLost = true;
      }
      if (this.#current?.child === child)
        this.#current.done({ ok: false, output: ['the ssh session to the host ended'] });
    });
    return child;
  }
}
