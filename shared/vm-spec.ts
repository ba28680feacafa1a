import type { DropFigures, DroppedBy } from './drop-causes.js';
import type { UnendedLink } from './unended-links.js';

export type { Drop, DropReason } from './drop-causes.js';

/**
 * What one VM needs to run, resolved by the launcher (or by the VM itself when run by hand).
 * Plain data with no zod: the VM's launched path must stay light, and the launcher validated it already.
 */
export type VmSpec = {
  id: number;
  machines: number;
  runId: string;
  clockRate: number;
  eventRange: number;
  seed: number;
  host: string;
  /** VMs on several hosts: where each VM listens, by id (this VM binds `host`, its own entry). */
  peerHosts?: string[];
  /** 0: pick an ephemeral port and report it. */
  port: number;
  outDir: string;
  /** Shared by the run's VMs, never on a command line; proves a peer belongs to this run. */
  secret: string;
  verbose: boolean;
  /** Injected link faults as they concern this VM, in real milliseconds (already divided by the speed). */
  faults?: VmFaultSpec;
  /** Set when the launcher restarts a killed VM: where its clock, ticks and message ids continue from. */
  restart?: VmRestart;
};

export type DelaySpec =
  | { kind: 'constant'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number };

export type VmFaultSpec = {
  /** Per peer id: the chance each copy sent to it is lost. */
  dropTo: number[];
  /** Per peer id: the delay added to messages from it (null: none). */
  delayFrom: (DelaySpec | null)[];
  /** Links down from this VM to `peers` between fromMs and toMs after the start. */
  partitions: { peers: number[]; fromMs: number; toMs: number }[];
};

/**
 * The vector clock always continues (even when the Lamport clock is reset), so causality stays traceable.
 * `sends`: the send rows its CSV holds; `lastNumber`: the highest message number among them, where the numbers go on
 * from (above `sends` after an earlier life numbered past kept rows). `aboveKeptRows`: rows an earlier life wrote stay
 * on its host (a remote VM's, unfetched: run-folder/rows-on-host.ts), their message numbers and vector entries unknown
 * here; the new life numbers its sends and counts its own vector entry from at least this, so as to reuse none of
 * theirs: a tick (a life since then began at it) or 'first-tick' (its own first tick: no life began since).
 */
export type VmRestart = {
  clock: number;
  sends: number;
  lastNumber?: number;
  rowsBefore: number;
  vector: number[];
  aboveKeptRows?: number | 'first-tick';
};

/** Per-VM figures a VM reports when it stops (its drops excepted: see drop-causes.ts). */
export type VmFigures = {
  id: number;
  clockRate: number;
  port: number;
  ticks: number;
  sent: number;
  received: number;
  finalClock: number;
  maxJump: number;
  maxQueue: number;
  /** msg_ids that reached this VM but that it never processed (network queue + message queue at the stop). */
  pendingAtStop: string[];
  /** Peers whose link closed before its end marker. */
  lostPeers: number[];
  /** Links into this VM whose end marker never came: copies on them that are nowhere were lost with the link. */
  unendedLinks: UnendedLink[];
  /** Connections and frames refused on the wire (bad handshake, garbage, unknown type). */
  refused: number;
  /** True when a stop request (Ctrl-C, launcher, peer) ended the run before its configured stop. */
  stoppedEarly: boolean;
  /**
   * One-way latency of the messages this VM received, send to arrival in its network queue, in microseconds (send
   * stamps put on this VM's clock with the measured host offsets); unknownOffset: copies left out for want of one.
   */
  latency?: { count: number; p50Us: number; p99Us: number; maxUs: number; unknownOffset?: number };
};

/** A VM's whole figures, the manifest's `vms` entries: its own, and the copies it dropped over every life. */
export type VmStats = VmFigures & {
  /** `<msg_id>><peer>` for each copy of a send that never left this VM. */
  dropped: DropFigures['dropped'];
  /** How many copies were dropped, by cause (absent in manifests written before causes were counted). */
  droppedBy?: DroppedBy;
};
