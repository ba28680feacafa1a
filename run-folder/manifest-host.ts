/** A host's entry in `manifest.json` (manifest.ts), for runs on several hosts only. */
import { z } from 'zod';

/** One clock sample of a host: when (the launcher's epoch ms), its clock minus the launcher's, the round trip. */
export const HostClockSample = z.object({ atEpochMs: z.number(), offsetMs: z.number(), rttMs: z.number() });
export type HostClockSample = z.infer<typeof HostClockSample>;

/**
 * A host of a run on several hosts. clockOffsetMs: its clock minus the launcher's, as measured when the start
 * instant was handed to it (within +- rttMs / 2); clockStart: that sample; clockEnd: the best of the samples at the
 * run's end (null: none came after the start's; both absent in older manifests); samples: every measurement over the
 * run, in the launcher's epoch ms.
 */
export const ManifestHost = z.object({
  name: z.string(),
  ssh: z.string(),
  address: z.string(),
  dir: z.string(),
  vms: z.array(z.int().min(0)),
  clockOffsetMs: z.number().nullable(),
  rttMs: z.number().nullable(),
  clockStart: HostClockSample.nullable().optional(),
  clockEnd: HostClockSample.nullable().optional(),
  samples: z.array(HostClockSample),
  /** Why the host was lost mid-run, when it was. */
  lost: z.string().optional(),
});
export type ManifestHost = z.infer<typeof ManifestHost>;
