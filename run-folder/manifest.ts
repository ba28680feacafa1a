/**
 * `manifest.json`, written by the launcher beside the CSVs: what ran, how it ended, and each VM's accounting. This
 * schema is the one definition: the launcher writes a `Manifest`, and every reader (analysis, report, export,
 * experiment) validates with it. Readers stay tolerant where runs of older launchers differ: no `speed` (real time),
 * fields it does not know (stripped), and each VM's entry as manifest-vm.ts says. `vms` holds one entry per VM, each
 * id once: a VM missing from it is refused, as any other hand edit is. A host's entry: manifest-host.ts.
 */

import { z } from 'zod';
import { RunConfig } from '../config/run-config.js';
import { counted } from '../shared/counted.js';
import { ManifestHost } from './manifest-host.js';
import { ManifestVm } from './manifest-vm.js';
import { restartInstantsIssue } from './restart-instants.js';

export const manifestFileName = 'manifest.json';

export const RunStatus = z.enum(['ok', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

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
