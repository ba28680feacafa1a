/**
 * A remote VM's control channel: the ssh client carrying it, its stdout split into bounded lines, its stderr into
 * lines. Lines written before the client starts (it waits for its turn at the host's connect gate) are kept and sent
 * first. While it is open a keep-alive goes every few seconds (remote-keep-alive.ts). Dropping the channel ends its
 * client's whole process group.
 */
import type { ChildProcess } from 'node:child_process';
import { LineSplitter } from '../shared/line-splitter.js';
import { maxRemoteLineBytes } from '../shared/remote-messages.js';
import { backgroundTimer, type TimerPort } from '../shared/timer-port.js';
import { aliveLine, type KeepAlive, keepAlive } from './remote-keep-alive.js';
import { dropClient } from './remote-ssh.js';

export type ChannelEvents = {
  line(line: string): void;
  /** A line over the bound, refused unread. */
  refused(detail: string): void;
  stderr(line: string): void;
  close(code: number | null, signal: NodeJS.Signals | null): void;
};

export class RemoteVmChannel {
  #child: ChildProcess | undefined;
  readonly #pending: string[] = [];
  #closed = false;
  readonly #timer: Pick<TimerPort, 'setTimer'>;
  #alive: KeepAlive | undefined;

  constructor(timer: Pick<TimerPort, 'setTimer'> = backgroundTimer) {
    this.#timer = timer;
  }

  get started(): boolean {
    return this.#child !== undefined;
  }

  get writable(): boolean {
    return !this.#closed && this.#child?.stdin?.writable === true;
  }

  open(child: ChildProcess, events: ChannelEvents): void {
    this.#child = child;
    child.stdin?.on('error', () => {}); // a channel that died is seen on close
    for (const line of this.#pending.splice(0)) child.stdin?.write(line);
    this.#alive = keepAlive(this.#timer, (line) => this.write(line));
    const lines = new LineSplitter(maxRemoteLineBytes);
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const split of lines.push(chunk)) {
        if (split.ok) events.line(split.line);
        else events.refused(split.detail);
      }
    });
    const errors = new LineSplitter(64 * 1024);
    child.stderr?.on('data', (chunk: Buffer) => {
      // ssh ends its own complaints with CRLF ("Connection to ... closed by remote host.\r\n"): the CR is no text.
      for (const split of errors.push(chunk)) if (split.ok) events.stderr(split.line.replace(/\r$/, ''));
    });
    child.on('close', (code, signal) => {
      this.#closed = true;
      this.#alive?.stop();
      events.close(code, signal);
    });
  }

  /** `flushed`: called once the line is handed to the ssh client, or will never be (kept for later, or closed). */
  write(line: string, flushed?: () => void): void {
    if (this.#child === undefined && !this.#closed) this.#pending.push(line);
    else if (this.writable && this.#child?.stdin) return void this.#child.stdin.write(line, () => flushed?.());
    flushed?.();
  }

  /**
   * The launcher is about to stop (Ctrl-Z): no keep-alive until `resume`. The VM holds until it hears the launcher
   * again, so one written between the hold and the stop itself (ssh clients run on in process groups of their own)
   * would end the hold, and the VM would stop 10 s later.
   */
  holdKeepAlive(): void {
    this.#alive?.stop();
    this.#alive = undefined;
  }

  /** Running again: a keep-alive at once (the VM's hold ends on it), then every keepAliveMs. */
  resumeKeepAlive(): void {
    if (this.#child === undefined || this.#closed || this.#alive !== undefined) return;
    this.write(aliveLine);
    this.#alive = keepAlive(this.#timer, (line) => this.write(line));
  }

  /** Closes the launcher's end: the VM sees its stdin end and stops. */
  end(): void {
    this.#alive?.stop();
    this.#child?.stdin?.end();
  }

  /** Ends the ssh client in `ms` unless the channel closed by then (a hung or stalled one must not hold the run). */
  dropAfter(ms: number): void {
    const child = this.#child;
    if (child === undefined) return;
    setTimeout(() => {
      if (!this.#closed) dropClient(child);
    }, ms).unref();
  }

  /** No channel will ever open (the life ended before its VM started): nothing more is kept. */
  close(): void {
    this.#closed = true;
    this.#pending.length = 0;
  }
}
