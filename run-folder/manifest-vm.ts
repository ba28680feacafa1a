/**
 * One VM's entry in `manifest.json` (manifest.ts): its rate, port and accounting, how it ended and what it left
 * undelivered. Readers stay tolerant where runs of older launchers differ: no `pendingAtStop`/`dropped`/`lostPeers`/
 * `unendedLinks`/`refused`/`pid`/`stopElapsedMs`/`exitSeenElapsedMs`/`restarts`/`rowsOnHost`/`earlierRowsOnHost` (each takes its default or
 * stays absent).
 */
import { z } from 'zod';
import { unendedCauses } from '../shared/unended-links.js';
import { RestartInstants } from './restart-instants.js';
import { EarlierRowsOnHost, RowsOnHost } from './rows-on-host.js';

const count = z.int().min(0);

/** `clockRate` here is the real rate the VM ran at (ticks per real second). See VmStats for the figures. */
export const ManifestVm = z.object({
  id: z.int().min(0),
  clockRate: z.number(),
  port: z.int().min(0),
  ticks: count,
  sent: count,
  received: count,
  finalClock: z.number(),
  maxJump: z.number(),
  maxQueue: z.number(),
  /** msg_ids that reached this VM but that it never processed (network queue + message queue at the stop). */
  pendingAtStop: z.array(z.string()).default([]),
  /** `<msg_id>><peer>` for each copy of a send that was never delivered. */
  dropped: z.array(z.string()).default([]),
  droppedBy: z.object({ linkDown: count, partition: count, injectedDrop: count }).optional(),
  lostPeers: z.array(z.int()).default([]),
  /** Links into this VM whose end marker never came, and why (shared/unended-links.ts); absent in older runs. */
  unendedLinks: z.array(z.object({ from: z.int().min(0), cause: z.enum(unendedCauses) })).default([]),
  refused: count.default(0),
  stoppedEarly: z.boolean().default(false),
  /** unknownOffset: copies left out of the figures, their sender's host clock offset to this VM's being unknown. */
  latency: z
    .object({ count, p50Us: z.number(), p99Us: z.number(), maxUs: z.number(), unknownOffset: count.optional() })
    .optional(),
  /** How the VM process ended: 'done', or what killed it. */
  exit: z.string(),
  /**
   * When this VM stopped ticking, as the launcher knows it: real ms after the start, as its rows' elapsed_ms count
   * (x speed for experiment ms). The run's stop, or an earlier stop it told the VM, or the instant it killed the VM or
   * saw it exit, whichever came first. Absent where the launcher does not know it (a remote VM that ended on its
   * own, a lost host, a run that failed before its start) and in runs of older launchers.
   */
  stopElapsedMs: z.number().min(0).optional(),
  /**
   * When the launcher saw the exit of this VM, which died without its kill (a crash, a signal from another process):
   * real ms after the start, as stopElapsedMs. It died after its last row and by then, when exactly is not known (the
   * launcher sees a local child's exit some ms after it, tens on a busy machine), so its stopElapsedMs is the latest
   * it can have stopped at. Absent for any other end (a remote VM's exit comes late: no stop at all) and in older runs.
   */
  exitSeenElapsedMs: z.number().min(0).optional(),
  /** Each restart after an injected kill: its kill and rejoin instants, as stopElapsedMs (restart-instants.ts). */
  restarts: RestartInstants.optional(),
  /** The VM's OS process id, to match it with system tools (and to prove it is gone). */
  pid: z.int().nullable().default(null),
  /** The host it ran on (config.hosts[].name); absent when every VM ran on the launcher's machine. */
  host: z.string().optional(),
  /** Where its rows that never reached the run folder stay on its host (rows-on-host.ts); absent when none do. */
  rowsOnHost: RowsOnHost.optional(),
  /** Rows of its earlier lives that stay on its host, set aside before a restart (rows-on-host.ts); absent when none. */
  earlierRowsOnHost: z.array(EarlierRowsOnHost).optional(),
});
export type ManifestVm = z.infer<typeof ManifestVm>;
