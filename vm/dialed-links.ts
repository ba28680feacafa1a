/**
 * The links a VM dialed, one to each peer (outbound-link.ts does the handshake): the ones it receives that peer's
 * frames on. A peer restarted later in the run is dialed again on its new port, and replaces the old link.
 */
import type { Socket } from 'node:net';
import type { MeshIdentity } from './mesh-types.js';
import { type DialResult, dialPeer } from './outbound-link.js';
import type { Frame } from './wire-frames.js';

export type DialedEvents = {
  onFrame(peer: number, frame: Frame): void;
  /** A peer's link closed (whether or not its end marker came first). */
  onClosed(peer: number): void;
  onRefused(reason: string): void;
  /** A peer's port accepts but never starts the handshake (silent-port.ts). */
  onSilent(line: string): void;
};

export class DialedLinks {
  readonly #me: MeshIdentity;
  readonly #sockets = new Map<number, Socket>();
  /** False once the mesh is closed: dials still retrying give up, and a link that completes late is dropped. */
  readonly #wanted: () => boolean;
  readonly #events: DialedEvents;

  constructor(me: MeshIdentity, wanted: () => boolean, events: DialedEvents) {
    this.#me = me;
    this.#wanted = wanted;
    this.#events = events;
  }

  async dial(peer: number, port: number, giveUpAt: number): Promise<DialResult> {
    this.drop(peer);
    const host = this.#me.peerHosts?.[peer] ?? this.#me.host;
    const linked = {
      onFrame: (frame: Frame) => this.#events.onFrame(peer, frame),
      onRefused: (reason: string) => this.#events.onRefused(reason),
      onSilent: (line: string) => this.#events.onSilent(line),
    };
    const result = await dialPeer({ ...this.#me, host, peer, port, linked }, giveUpAt, this.#wanted);
    if (result.ok && !this.#wanted()) result.socket.destroy();
    else if (result.ok) {
      const socket = result.socket;
      this.#sockets.set(peer, socket);
      socket.on('close', () => {
        if (this.#sockets.get(peer) === socket) this.#events.onClosed(peer);
      });
      socket.on('error', () => {});
    }
    return result;
  }

  /** Closes the link to `peer` without reporting it (it is being replaced). */
  drop(peer: number): void {
    const socket = this.#sockets.get(peer);
    this.#sockets.delete(peer);
    socket?.destroy();
  }

  close(): void {
    for (const socket of this.#sockets.values()) socket.destroy();
  }
}
