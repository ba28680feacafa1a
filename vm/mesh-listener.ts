/**
 * A VM's listening side: one server that takes each peer's inbound link, the link this VM sends that peer its frames
 * on. A connection becomes a link only once it passed the handshake (inbound-link.ts), and only one link per peer
 * is kept; the rest are refused and counted.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { acceptInbound, type InboundIdentity } from './inbound-link.js';
import type { ListenResult } from './mesh-types.js';
import type { StartedFrame } from './wire-frames.js';

/**
 * At most this many connections may sit in the handshake at once: a flood of strangers is closed at once (and
 * counted) instead of each holding a socket, a decoder and a timer for the handshake's 3 s. Peers that belong to
 * the run dial once per link, so even 64 VMs starting together stay far below it.
 */
export const maxUnauthenticated = 128;

export type ListenerEvents = {
  /** A peer's link passed the handshake. */
  onLinked(peer: number): void;
  /** A peer's link closed. */
  onClosed(peer: number): void;
  onRefused(reason: string): void;
};

/**
 * A port bound ahead of its mesh (by hand, binding it is what proves the VM's id free, before anything else is done).
 * Until a mesh adopts it, each connection is closed at once: a dialer takes that as a peer not up yet, and retries.
 */
export type ClaimedPort = { server: Server; port: number };

export async function claimPort(
  host: string,
  port: number,
): Promise<{ ok: true; claim: ClaimedPort } | Exclude<ListenResult, { ok: true }>> {
  const server = createServer((socket) => socket.destroy());
  const listening = await listenOn(server, host, port);
  return listening.ok ? { ok: true, claim: { server, port: listening.port } } : listening;
}

function listenOn(server: Server, host: string, port: number): Promise<ListenResult> {
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        reason: error.code === 'EADDRINUSE' ? 'port-in-use' : 'listen-failed',
        detail: `${host}:${port}: ${error.code ?? error.message}`,
      }),
    );
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      resolve({ ok: true, port: typeof address === 'object' && address !== null ? address.port : port });
    });
  });
}

export class MeshListener {
  readonly #host: string;
  #server: Server;
  readonly #onConnection: (socket: Socket) => void;
  readonly #inbound = new Map<number, Socket>();
  /**
   * Inbound connections that have not completed the handshake yet, and late peers being told the session started
   * (let go once that is sent; until then they count against the same bound).
   */
  readonly #unauthenticated = new Set<Socket>();
  /** By hand, once the session started: what a peer that proves the secret after it is told, instead of a link. */
  #lateAnswer: StartedFrame | undefined;

  constructor(me: InboundIdentity & { host: string }, events: ListenerEvents) {
    this.#host = me.host;
    this.#onConnection = (socket) => {
      if (this.#unauthenticated.size >= maxUnauthenticated) {
        events.onRefused(`over ${maxUnauthenticated} connections awaiting the handshake; closed at once`);
        socket.destroy();
        return;
      }
      this.#unauthenticated.add(socket);
      socket.once('close', () => this.#unauthenticated.delete(socket));
      acceptInbound(socket, me, {
        onIdentified: (peer, s) => {
          if (this.#lateAnswer !== undefined) return this.#lateAnswer;
          this.#unauthenticated.delete(s);
          if (this.#inbound.has(peer)) return false;
          this.#inbound.set(peer, s);
          events.onLinked(peer);
          return true;
        },
        onClosed: (peer) => {
          this.#inbound.delete(peer);
          events.onClosed(peer);
        },
        onRefused: (reason) => events.onRefused(reason),
      });
    };
    this.#server = createServer(this.#onConnection);
  }

  /**
   * By hand, once the VMs agreed on their start: every peer that proves the secret from now on dials in late (each
   * peer's link was up before the agreement), so it is told `answer` and closed rather than linked.
   */
  answerLatePeers(answer: StartedFrame): void {
    this.#lateAnswer = answer;
  }

  /** Whether `peer`'s inbound link is up. */
  has(peer: number): boolean {
    return this.#inbound.has(peer);
  }

  /** Queues `bytes` on the link to `peer`; false when there is no open link. */
  write(peer: number, bytes: string | Uint8Array): boolean {
    const socket = this.#inbound.get(peer);
    if (socket === undefined || socket.destroyed) return false;
    socket.write(bytes);
    return true;
  }

  /** Half-closes the link to `peer` once what was written is sent. */
  end(peer: number): void {
    this.#inbound.get(peer)?.end();
  }

  listen(port: number): Promise<ListenResult> {
    return listenOn(this.#server, this.#host, port);
  }

  /** Listens on a port claimed earlier (claimPort): from now on its connections are this mesh's. */
  adopt(claim: ClaimedPort): ListenResult {
    claim.server.removeAllListeners('connection');
    claim.server.on('connection', this.#onConnection);
    this.#server = claim.server;
    return { ok: true, port: claim.port };
  }

  /** Closes every inbound link, those still in the handshake too, and stops listening. */
  close(): void {
    for (const socket of [...this.#inbound.values(), ...this.#unauthenticated]) socket.destroy();
    this.#server.close();
  }
}
