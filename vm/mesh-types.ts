/** Who a VM is on its mesh, what the mesh tells it, and how listening and connecting can fail. */
import type { MessageFrame, RefusalCause } from './wire-frames.js';

export type MeshIdentity = {
  run: string;
  self: number;
  machines: number;
  secret: string;
  /** Where this VM listens, and where it dials its peers unless `peerHosts` names theirs (VMs on several hosts). */
  host: string;
  peerHosts?: readonly string[];
  /** One handshake's bound on the listening side (the dialer's before its hello is twice it); tests pass a small one. */
  handshakeMs?: number;
};

export type MeshEvents = {
  onMessage(frame: MessageFrame): void;
  onReady(peer: number, startAt: number): void;
  /** By hand: `peer`'s session started at `at` (epoch ms) without this VM, which dialed in after it. */
  onStarted(peer: number, at: number): void;
  onStop(peer: number, at: number): void;
  onPeerLost(peer: number): void;
  onRefused(reason: string): void;
  /** A peer's port accepts connections but never starts the handshake; told sparingly (silent-port.ts). */
  onSilentPeer?(line: string): void;
  /** An authenticated peer sent a value outside its bounds (wire-bounds.ts): the run cannot go on with it. */
  onOutOfBounds(peer: number, detail: string): void;
};

export type ListenResult =
  | { ok: true; port: number }
  | { ok: false; reason: 'port-in-use' | 'listen-failed'; detail: string };
/** `told`: a peer refused this VM's hello, saying why (another run, another secret). */
export type ConnectResult =
  | { ok: true }
  | { ok: false; reason: 'peer-timeout' | 'peer-refused'; detail: string; told?: RefusalCause };
