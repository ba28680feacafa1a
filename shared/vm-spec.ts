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
  /** 0: pick an ephemeral port and report it. */
  port: number;
  outDir: string;
  /** Shared by the run's VMs, never on a command line; proves a peer belongs to this run. */
  secret: string;
  verbose: boolean;
};

/** Per-VM figures a VM reports when it stops; the manifest's `vms` entries are built from these. */
export type VmStats = {
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
  /** `<msg_id>><peer>` for each copy of a send whose link was down: never delivered. */
  dropped: string[];
  /** Peers whose link closed before its end marker. */
  lostPeers: number[];
  /** Connections and frames refused on the wire (bad handshake, garbage, unknown type). */
  refused: number;
  /** True when a stop request (Ctrl-C, launcher, peer) ended the run before its configured stop. */
  stoppedEarly: boolean;
};
