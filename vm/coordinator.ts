/**
 * How a VM learns its peers' ports and the common start and stop instants: from the launcher (over IPC), or, when
 * run by hand, from the config's fixed ports and an agreement among the VMs themselves.
 */
import type { Drop } from '../shared/vm-spec.js';
import type { PeerMesh } from './peer-mesh.js';

/** Epoch milliseconds, so that separate processes agree on one instant. */
export type RunWindow = {
  startEpochMs: number;
  stopEpochMs: number;
  /** From the launcher of a run on several hosts: each peer's host clock minus this VM's (see ipc-messages.ts). */
  peerOffsetsMs?: (number | null)[];
};

export type VmProgress = { tick: number; clock: number; queue: number };

export type Coordinator = {
  /** How long to keep dialing peers that are not up yet. */
  readonly connectTimeoutMs: number;
  /** Every VM's port, indexed by VM id, once this VM listens on `ownPort`. */
  peerPorts(ownPort: number): Promise<number[]>;
  /** Called once every link is up in both directions. */
  agreeWindow(mesh: PeerMesh): Promise<RunWindow>;
  onPeerReady(peer: number, startAt: number): void;
  /**
   * Whether a `stop` frame from a peer is honoured. Under the launcher only the launcher stops a run (over IPC), so a
   * peer's stop is refused; by hand any VM that completed the mutual handshake may (a Ctrl-C in one terminal).
   */
  readonly peersMayStop: boolean;
  /** Where peers may stop it (by hand): told of each peer's stop it honours, to name who stopped the session. */
  onPeerStop?(peer: number, atEpochMs: number): void;
  /**
   * Whether the start is agreed among the peers themselves (by hand): then a peer lost before the start leaves nothing
   * to agree with, and the VM fails naming it instead of waiting for a proposal that cannot come. Under the launcher
   * the launcher sees the lost VM and stops the run itself.
   */
  readonly startAgreedByPeers: boolean;
  /**
   * By hand only: the line this VM stops with when `peer` says its session started at epoch ms `at` without this
   * VM (a VM restarted into a running session; session-started.ts). Under the launcher no peer says so: such a
   * frame is refused and counted.
   */
  readonly startedWithout?: (peer: number, at: number) => string;
  /** `handler(at)` asks the VM to stop ticking at epoch ms `at` (Ctrl-C, a launcher's stop, a peer's stop). */
  onStopRequest(handler: (atEpochMs: number) => void): void;
  reportProgress(progress: VmProgress): void;
  /** A copy that never left this VM, told at once so the record outlives a killed VM (drop-causes.ts). */
  reportDrop(drop: Drop): void;
  /** Launcher only: `handler(peer, port)` when a killed peer was restarted and listens again on `port`. */
  onRejoin?(handler: (peer: number, port: number) => void): void;
};
