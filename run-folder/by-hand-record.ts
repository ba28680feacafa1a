/**
 * `vm-K.json`: what a VM run by hand (vm/manual-mode.ts) writes beside its CSV when its session ends, in place of the
 * launcher's manifest.json: the session's id and config, its seed, when it began waiting for its peers (startedAt),
 * the start the VMs agreed on (startEpochMs, epoch ms: absent from files of VMs from before it was recorded), the stop
 * a Ctrl-C set (stopEpochMs, likewise), when it ended, and its own accounting as a manifest's VM entry holds it, without the exit (a VM that fails writes none).
 */
import { z } from 'zod';
import { RunConfig } from '../config/run-config.js';
import { ManifestVm } from './manifest-vm.js';

export const byHandRecordPattern = /^vm-(\d+)\.json$/;

export const ByHandRecord = z.object({
  runId: z.string(),
  seed: z.int(),
  startedAt: z.string(),
  startEpochMs: z.number().optional(),
  /** The stop a Ctrl-C set (in any terminal of the session), epoch ms; absent when the VM ran to the planned end. */
  stopEpochMs: z.number().optional(),
  endedAt: z.string(),
  /** The config as resolved, without its seed (`seed` above is the one this VM ran with). */
  config: RunConfig,
  /** `clockRate`: ticks per real second (the config's rate x speed), as in a manifest's VM entry. */
  stats: ManifestVm.omit({ exit: true }),
});
export type ByHandRecord = z.infer<typeof ByHandRecord>;
