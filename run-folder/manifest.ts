/**
 * `manifest.json`, written by the launcher beside the CSVs: what ran, how it ended, and each VM's accounting. This
 * schema is the one definition: the launcher writes a `Manifest`, and every reader (analysis, report, export,
 * experiment) validates with it. Readers stay tolerant where runs of older launchers differ: no `speed` (real time),
 * no `pendingAtStop`/`dropped`/`lostPeers`/`unendedLinks`/`refused`/`pid`/`stopElapsedMs`/`restarts`, fields it does not know (stripped).
 * `vms` holds one entry per VM, each id once: a VM missing from it is refused, as any other hand edit is.
 */

import { z } from 'zod';
import { RunConfig } from '../config/run-config.js';
import { counted } from '../shared/counted.js';
import { unendedCauses } from '../shared/unended-links.js';
import { RestartInstants, restartInstantsIssue } from './restart-instants.js';

export const manifestFileName = 'manifest.json';

export const RunStatus = z.enum(['ok', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

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
  /** Each restart after an injected kill: its kill and rejoin instants, as stopElapsedMs (restart-instants.ts). */
  restarts: RestartInstants.optional(),
  /** The VM's OS process id, to match it with system tools (and to prove it is gone). */
  pid: z.int().nullable().default(null),
  /** The host it ran on (config.hosts[].name); absent when every VM ran on the launcher's machine. */
  host: z.string().optional(),
});
export type ManifestVm = z.infer<typeof ManifestVm>;

/**
 * A host of a run on several hosts. clockOffsetMs: its clock minus the launcher's, as measured when the start
 * instant was handed to it (within +- rttMs / 2); samples: every measurement over the run, in the launcher's epoch ms.
 */
export const ManifestHost = z.object({
  name: z.string(),
  ssh: z.string(),
  address: z.string(),
  dir: z.string(),
  vms: z.array(z.int().min(0)),
  clockOffsetMs: z.number().nullable(),
  rttMs: z.number().nullable(),
  samples: z.array(z.object({ atEpochMs: z.number(), offsetMs: z.number(), rttMs: z.number() })),
  /** Why the host was lost mid-run, when it was. */
  lost: z.string().optional(),
});
export type ManifestHost = z.infer<typeof ManifestHost>;

/** The fields without the cross-field rules, for a reader that needs a few of them (`ManifestFields.pick`). */
export const ManifestFields = z.object({
  runId: z.string(),
  status: RunStatus,
  /** Why the run failed or was interrupted; absent when ok. */
  reason: z.string().optional(),
  seed: z.int(),
  /** The resolved config; its machine count is bounded by the config's own limit. */
  config: RunConfig,
  /** Per VM, in ticks per experiment second (the config's figures); the VMs ran at clockRates x speed per real second. */
  clockRates: z.array(z.number().positive()),
  /** Time compression: 1 is real time. `elapsed_ms` x speed gives experiment milliseconds. Absent: real time. */
  speed: z.number().positive().default(1),
  startedAt: z.string(),
  endedAt: z.string(),
  /** The common start instant of every VM's tick 0 (epoch ms); elapsed_ms in the CSVs counts from it. */
  startEpochMs: z.number().optional(),
  /**
   * A run stopped early by a signal (status interrupted) after its start: the one instant every VM stopped ticking
   * at, in experiment ms after the start (in the launcher's clock on several hosts). Each VM ran every tick whose
   * deadline is before it, so ticks are due only up to it. Absent otherwise, and in runs of older launchers.
   */
  stoppedAtMs: z.number().min(0).optional(),
  version: z.string().default('unknown'),
  /** Runs on several hosts only. */
  hosts: z.array(ManifestHost).optional(),
  /** How the run was made: absent or 'processes' (one OS process per VM), or 'sim' (virtual time, sim/). */
  engine: z.enum(['processes', 'sim']).optional(),
  vms: z.array(ManifestVm),
});

export const Manifest = ManifestFields.superRefine((manifest, ctx) => {
  if (manifest.clockRates.length !== manifest.config.machines) {
    ctx.addIssue({
      code: 'custom',
      path: ['clockRates'],
      message: `found ${counted(manifest.clockRates.length, 'rate')}; allowed: one per machine (${manifest.config.machines})`,
    });
  }
  const { stoppedAtMs, status, config } = manifest;
  if (stoppedAtMs !== undefined && (status !== 'interrupted' || stoppedAtMs > config.durationSeconds * 1000)) {
    ctx.addIssue({
      code: 'custom',
      path: ['stoppedAtMs'],
      message: `found ${stoppedAtMs} with status ${status}; allowed: only an interrupted run's, at most durationSeconds x 1000 (${config.durationSeconds * 1000})`,
    });
  }
  const seen = new Set<number>();
  manifest.vms.forEach((vm, i) => {
    if (vm.id >= manifest.config.machines || seen.has(vm.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vms', i, 'id'],
        message: `found ${vm.id}; allowed: a unique id below machines`,
      });
    }
    seen.add(vm.id);
    // A VM's stop is within the run's real time (a stop past it is a manifest edited by hand; a microsecond rounds).
    const realEndMs = (config.durationSeconds * 1000) / manifest.speed;
    if (vm.stopElapsedMs !== undefined && vm.stopElapsedMs > realEndMs + 0.001) {
      ctx.addIssue({
        code: 'custom',
        path: ['vms', i, 'stopElapsedMs'],
        message: `found ${vm.stopElapsedMs}; allowed: at most the run's real length, durationSeconds x 1000 / speed (${realEndMs})`,
      });
    }
    // Restarts come before the VM's own stop, within the run (a microsecond rounds).
    const restarts = restartInstantsIssue(
      vm.restarts ?? [],
      Math.min(realEndMs, vm.stopElapsedMs ?? realEndMs) + 0.001,
    );
    if (restarts !== null) {
      ctx.addIssue({ code: 'custom', path: ['vms', i, 'restarts', restarts.index], message: restarts.message });
    }
    // One cause per dropped copy (shared/drop-causes.ts): any other count is a manifest edited by hand.
    const by = vm.droppedBy;
    const causes = by === undefined ? vm.dropped.length : by.linkDown + by.partition + by.injectedDrop;
    if (causes !== vm.dropped.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['vms', i, 'droppedBy'],
        message: `found causes for ${counted(causes, 'copy', 'copies')} and ${vm.dropped.length} dropped; allowed: one cause per dropped copy`,
      });
    }
  });
  // Every launcher writes an entry for every VM (rebuilt from its rows when it reported none): a VM without one is
  // a manifest edited by hand, and the check would judge that VM's rows against nothing.
  const missing = Array.from({ length: manifest.config.machines }, (_, id) => id).filter((id) => !seen.has(id));
  if (missing.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['vms'],
      message: `found no entry for VM ${missing.join(', ')}; allowed: one entry per VM, ids 0..${manifest.config.machines - 1} (machines ${manifest.config.machines})`,
    });
  }
});
export type Manifest = z.infer<typeof Manifest>;
