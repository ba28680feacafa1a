/**
 * The full mesh of one VM: a listener that accepts one inbound link from each peer, and one outbound link dialed to
 * each peer. Links stay open for the whole run. Frames that arrive are handed to the VM as they come, whatever its
 * tick rate; the end-of-stream marker lets the VM know it has every message a peer sent.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { encodeFrame } from './frame-decoder.js';
import { acceptInbound } from './inbound-link.js';
import { type DialResult, dialPeer } from './outbound-link.js';
import { messageOutOfBounds, startOutOfBounds } from './wire-bounds.js';
import type { Frame, MessageFrame } from './wire-frames.js';

/**
 * At most this many connections may sit in the handshake at once: a flood of strangers is closed at once (and
 * counted) instead of each holding a socket, a decoder and a timer for the handshake's 3 s. Peers that belong to
 * the run dial once per link, so even 64 VMs starting together stay far below it.
 */
export const maxUnauthenticated = 128;

export type MeshIdentity = {
  run: string;
  self: number;
  machines: number;
  secret: string;
  /** Where this VM listens, and where it dials its peers unless `peerHosts` names theirs (VMs on several hosts). */
  host: string;
  peerHosts?: readonly string[];
};

export type MeshEvents = {
  onMessage(frame: MessageFrame): void;
  onReady(peer: number, startAt: number): void;
  onStop(peer: number, at: number): void;
  onPeerLost(peer: number): void;
  onRefused(reason: string): void;
  /** An authenticated peer sent a value outside its bounds (wire-bounds.ts): the run cannot go on with it. */
  onOutOfBounds(peer: number, detail: string): void;
};

export type ListenResult =
  | { ok: true; port: number }
  | { ok: false; reason: 'port-in-use' | 'listen-failed'; detail: string };
export type ConnectResult = { ok: true } | { ok: false; reason: 'peer-timeout' | 'peer-refused'; detail: string };

export class PeerMesh {
  readonly #me: MeshIdentity;
  readonly #events: MeshEvents;
  readonly #server: Server;
  readonly #inbound = new Map<number, Socket>();
  readonly #outbound = new Map<number, Socket>();
  /** Peers whose inbound link has delivered its end marker or closed. */
  readonly #finished = new Set<number>();
  readonly #lost = new Set<number>();
  /** Inbound connections that have not completed the handshake yet. */
  readonly #unauthenticated = new Set<Socket>();
  /** Set once this VM sent its end markers: links closing after that are the normal end, not a loss. */
  #ending = false;
  /** Set by close(): dials still retrying give up. */
  #closed = false;
  #onInboundChange: () => void = () => {};
  #stopWaiting: () => void = () => {};

  constructor(me: MeshIdentity, events: MeshEvents) {
    this.#me = me;
    this.#events = events;
    this.#server = createServer((socket) => {
      if (this.#unauthenticated.size >= maxUnauthenticated) {
        events.onRefused(`over ${maxUnauthenticated} connections awaiting the handshake; closed at once`);
        socket.destroy();
        return;
      }
      this.#unauthenticated.add(socket);
      socket.once('close', () => this.#unauthenticated.delete(socket));
      acceptInbound(socket, me, {
        onIdentified: (peer, s) => {
          this.#unauthenticated.delete(s);
          if (this.#inbound.has(peer)) return false;
          this.#inbound.set(peer, s);
          this.#onInboundChange();
          return true;
        },
        onFrame: (peer, frame) => this.#dispatch(peer, frame),
        onClosed: (peer) => this.#inboundClosed(peer),
        onRefused: (reason) => events.onRefused(reason),
      });
    });
  }

  get peers(): number[] {
    return Array.from({ length: this.#me.machines }, (_, i) => i).filter((i) => i !== this.#me.self);
  }

  listen(port: number): Promise<ListenResult> {
    return new Promise((resolve) => {
      this.#server.once('error', (error: NodeJS.ErrnoException) =>
        resolve({
          ok: false,
          reason: error.code === 'EADDRINUSE' ? 'port-in-use' : 'listen-failed',
          detail: `${this.#me.host}:${port}: ${error.code ?? error.message}`,
        }),
      );
      this.#server.listen({ host: this.#me.host, port, exclusive: true }, () => {
        const address = this.#server.address();
        resolve({ ok: true, port: typeof address === 'object' && address !== null ? address.port : port });
      });
    });
  }

  /**
   * Dials every peer and waits until every peer has dialed in too: the start barrier's precondition.
   * A peer whose port is 0 is down (killed earlier in the run): its link counts as lost until it rejoins.
   */
  async connect(portOf: (peer: number) => number, giveUpAt: number): Promise<ConnectResult> {
    for (const peer of this.peers.filter((p) => portOf(p) === 0)) {
      this.#finished.add(peer);
      this.#linkLost(peer);
    }
    // The first link that fails fails the mesh at once (a squatter on one port must not leave the VM dialing the
    // others until the timeout); the dials still running see the mesh closed and stop.
    const dials = this.peers.filter((p) => portOf(p) !== 0).map((peer) => this.#dial(peer, portOf(peer), giveUpAt));
    const failed = await new Promise<ConnectResult | undefined>((resolve) => {
      let left = dials.length;
      if (left === 0) resolve(undefined);
      for (const dial of dials) {
        void dial.then((result) => {
          left -= 1;
          if (!result.ok) resolve(result);
          else if (left === 0) resolve(undefined);
        });
      }
    });
    if (failed !== undefined) return failed;
    if (this.#closed) return { ok: false, reason: 'peer-timeout', detail: 'the mesh was closed' };
    return this.#waitInbound(giveUpAt);
  }

  /** A killed peer was restarted: dial its new port; its inbound link is accepted as it comes. */
  async rejoin(peer: number, port: number, giveUpAt: number): Promise<void> {
    this.#outbound.get(peer)?.destroy();
    this.#outbound.delete(peer);
    const result = await this.#dial(peer, port, giveUpAt);
    if (!result.ok) return;
    this.#lost.delete(peer);
    this.#finished.delete(peer);
  }

  async #dial(peer: number, port: number, giveUpAt: number): Promise<DialResult> {
    const host = this.#me.peerHosts?.[peer] ?? this.#me.host;
    const result = await dialPeer({ ...this.#me, host, peer, port }, giveUpAt, () => !this.#closed);
    if (result.ok && this.#closed) result.socket.destroy();
    else if (result.ok) {
      const socket = result.socket;
      this.#outbound.set(peer, socket);
      socket.on('close', () => {
        if (this.#outbound.get(peer) === socket) this.#outboundClosed(peer);
      });
      socket.on('error', () => {});
    }
    return result;
  }

  #waitInbound(giveUpAt: number): Promise<ConnectResult> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.peers.some((p) => !this.#inbound.has(p) && !this.#lost.has(p))) return;
        clearTimeout(timer);
        this.#onInboundChange = () => {};
        resolve({ ok: true });
      };
      const timer = setTimeout(
        () => {
          const missing = this.peers.filter((p) => !this.#inbound.has(p) && !this.#lost.has(p));
          resolve({ ok: false, reason: 'peer-timeout', detail: `VM ${missing.join(', VM ')} never connected in` });
        },
        Math.max(1, giveUpAt - Date.now()),
      );
      this.#onInboundChange = check;
      // Closed while waiting (the VM gave up, e.g. a peer's value out of bounds): no timer may keep the VM alive.
      this.#stopWaiting = () => {
        clearTimeout(timer);
        resolve({ ok: false, reason: 'peer-timeout', detail: 'the mesh was closed' });
      };
      check();
    });
  }

  /** Writes a frame to one peer; false when that link is down (the caller records the send as dropped). */
  send(peer: number, frame: Frame): boolean {
    return this.sendEncoded(peer, encodeFrame(frame));
  }

  /**
   * The same, for a frame already encoded: a send to every peer encodes its message once, not once per peer (as
   * bytes, so the sockets need not each turn the text into UTF-8 again).
   */
  sendEncoded(peer: number, line: string | Uint8Array): boolean {
    const socket = this.#outbound.get(peer);
    if (socket === undefined || socket.destroyed || this.#lost.has(peer)) return false;
    socket.write(line);
    return true;
  }

  broadcast(frame: Frame): void {
    for (const peer of this.peers) this.send(peer, frame);
  }

  /** Sends every peer the end marker (after this VM's last message) and waits for theirs. */
  async finish(sentTo: (peer: number) => number): Promise<void> {
    this.#ending = true;
    for (const peer of this.peers) {
      this.send(peer, { t: 'end', sent: sentTo(peer) });
      this.#outbound.get(peer)?.end();
    }
    await new Promise<void>((resolve) => {
      const check = () => {
        if (this.peers.every((p) => this.#finished.has(p))) resolve();
      };
      this.#onInboundChange = check;
      check();
    });
  }

  close(): void {
    this.#closed = true;
    this.#stopWaiting();
    const sockets = [...this.#inbound.values(), ...this.#outbound.values(), ...this.#unauthenticated];
    for (const socket of sockets) socket.destroy();
    this.#server.close();
  }

  #dispatch(peer: number, frame: Frame): void {
    switch (frame.t) {
      case 'msg': {
        if (frame.from !== peer) {
          this.#events.onRefused(`from VM ${peer}: message claims sender ${frame.from}`);
          return;
        }
        const wrong = messageOutOfBounds(frame, this.#me.machines);
        if (wrong === undefined) this.#events.onMessage(frame);
        else this.#events.onOutOfBounds(peer, wrong);
        return;
      }
      case 'ready': {
        const wrong = startOutOfBounds(frame.startAt, Date.now());
        if (wrong === undefined) this.#events.onReady(peer, frame.startAt);
        else this.#events.onOutOfBounds(peer, wrong);
        return;
      }
      case 'stop':
        this.#events.onStop(peer, frame.at);
        return;
      case 'end':
        this.#finished.add(peer);
        this.#onInboundChange();
        return;
      case 'challenge':
      case 'hello':
      case 'welcome':
        this.#events.onRefused(`from VM ${peer}: ${frame.t} after the handshake`);
        return;
      default: {
        const never: never = frame;
        throw new Error(`unhandled frame ${JSON.stringify(never)}`);
      }
    }
  }

  #inboundClosed(peer: number): void {
    this.#inbound.delete(peer);
    if (this.#finished.has(peer)) return;
    this.#finished.add(peer);
    this.#linkLost(peer);
    this.#onInboundChange();
  }

  #outboundClosed(peer: number): void {
    if (!this.#ending) this.#linkLost(peer);
  }

  #linkLost(peer: number): void {
    if (this.#lost.has(peer) || this.#closed) return;
    this.#lost.add(peer);
    this.#events.onPeerLost(peer);
  }
}
