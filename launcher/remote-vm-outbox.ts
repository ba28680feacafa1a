/**
 * What the launcher sends one remote VM life, as newline JSON on its control channel: each message in the host's
 * clock (forHost); a restarted life's held until its file on the host is cut back (restart-init-hold.ts); nothing
 * once the life ended. It notes whether the start went out: from then on the VM may have rows on its host. What the
 * VM sends back is remote-vm-inbox.ts's.
 */
import type { LauncherToVm } from '../shared/ipc-messages.js';
import type { LauncherToRemoteVm } from '../shared/remote-messages.js';
import type { RemoteCsv } from './remote-csv.js';
import { forHost, type RemoteHostLink } from './remote-host-link.js';
import type { RemoteVmChannel } from './remote-vm-channel.js';
import { RestartInitHold } from './restart-init-hold.js';

export class RemoteVmOutbox {
  readonly #host: RemoteHostLink;
  readonly #channel: Pick<RemoteVmChannel, 'write' | 'writable' | 'holdKeepAlive' | 'resumeKeepAlive'>;
  readonly #held: RestartInitHold;
  readonly #ended: () => boolean;
  #startSent = false;

  /** `restarted`: a restarted life, whose messages wait for `release`; `ended`: whether the life has ended. */
  constructor(
    host: RemoteHostLink,
    channel: Pick<RemoteVmChannel, 'write' | 'writable' | 'holdKeepAlive' | 'resumeKeepAlive'>,
    restarted: boolean,
    ended: () => boolean,
  ) {
    this.#host = host;
    this.#channel = channel;
    this.#held = new RestartInitHold(restarted);
    this.#ended = ended;
  }

  /** Its start went out on its channel: from then on it may have rows on its host (it makes its CSV on the start). */
  get startSent(): boolean {
    return this.#startSent;
  }

  /** Whether a message written now goes out (its clock samples take the first open life of its host). */
  get open(): boolean {
    return !this.#ended() && this.#channel.writable;
  }

  send(message: LauncherToVm): void {
    if (this.#held.hold(message)) return;
    if (message.type === 'start' && !this.#ended()) this.#startSent = true;
    this.write(forHost(this.#host, message));
  }

  write(message: LauncherToRemoteVm): void {
    if (!this.#ended()) this.#channel.write(`${JSON.stringify(message)}\n`);
  }

  /** After a restarted life's cut-back: the messages held go, `init` first, told what to number past. */
  release(csv: Pick<RemoteCsv, 'earlierRowsOnHost' | 'length' | 'path'>): Promise<void> {
    return this.#held.release(csv, (message) => this.send(message));
  }

  /** Tells the VM the launcher is about to stop (Ctrl-Z): resolves once that is on its way. */
  hold(): Promise<void> {
    if (this.#ended()) return Promise.resolve();
    this.#channel.holdKeepAlive();
    return new Promise((resolve) => this.#channel.write(`${JSON.stringify({ type: 'hold' })}\n`, resolve));
  }

  /** The launcher runs again after a Ctrl-Z: its keep-alives go on (the first ends the VM's hold). */
  resume(): void {
    if (!this.#ended()) this.#channel.resumeKeepAlive();
  }
}
