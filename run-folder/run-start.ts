/**
 * `run-start.json`: what the launcher knows of a run once it has told its VMs the common start, written as it tells it
 * (tick 0 is due a start lead later, launcher/start-lead.ts) and removed once the manifest is written. A launcher that dies in between (SIGKILL, the OOM killer) writes no
 * manifest: this record, with the rows, is then what readers read the run from (launcher-died-run.ts). Its fields are
 * the manifest's of the same name (manifest.ts), known at the start, plus the stop the VMs were told, the launcher's
 * pid, and each VM's port, pid and, on several hosts, its host and the file its rows are written to there.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { counted } from '../shared/counted.js';
import { writeFileAtomically } from './exclusive-file.js';
import { ManifestFields } from './manifest.js';
import { ManifestVm } from './manifest-vm.js';
import { errorCode } from './unreadable.js';

export const runStartFileName = 'run-start.json';

/** A VM as the start found it: `clockRate` per real second, as in the manifest; `hostFile`: its CSV on its host. */
export const RunStartVm = ManifestVm.pick({ id: true, clockRate: true, port: true, pid: true, host: true }).extend({
  pid: z.int().min(1).nullable(),
  hostFile: z.string().optional(),
});
export type RunStartVm = z.infer<typeof RunStartVm>;

export const RunStart = ManifestFields.pick({
  runId: true,
  seed: true,
  config: true,
  clockRates: true,
  speed: true,
  startedAt: true,
  version: true,
})
  .extend({
    /** The common start instant (epoch ms) every VM was told; elapsed_ms counts from it. */
    startEpochMs: z.number().positive(),
    /** The planned stop every VM was told (epoch ms): the start plus the run's real length. */
    stopEpochMs: z.number(),
    /** The launcher that writes the manifest: while it runs, the run is still being written. */
    launcherPid: z.int().min(1),
    vms: z.array(RunStartVm),
  })
  .superRefine((start, ctx) => {
    const machines = start.config.machines;
    if (start.clockRates.length !== machines) {
      const message = `found ${counted(start.clockRates.length, 'rate')}; allowed: one per machine (${machines})`;
      ctx.addIssue({ code: 'custom', path: ['clockRates'], message });
    }
    const ids = start.vms.map((vm) => vm.id);
    if (ids.length !== machines || ids.some((id, i) => id !== i)) {
      const message = `found ids ${ids.join(', ') || 'none'}; allowed: 0..${machines - 1} in order (machines ${machines})`;
      ctx.addIssue({ code: 'custom', path: ['vms'], message });
    }
    // A VM's real rate is its experiment rate x speed, as the launcher computed it: one edited alone is refused.
    start.vms.forEach((vm, i) => {
      const rate = start.clockRates[i];
      if (rate === undefined || Math.abs(vm.clockRate - rate * start.speed) <= 1e-9 * rate * start.speed) return;
      const message = `found ${vm.clockRate}; allowed: clockRates[${i}] x speed (${rate * start.speed})`;
      ctx.addIssue({ code: 'custom', path: ['vms', i, 'clockRate'], message });
    });
    if (!(start.stopEpochMs >= start.startEpochMs)) {
      const message = `found ${start.stopEpochMs}; allowed: at least startEpochMs (${start.startEpochMs})`;
      ctx.addIssue({ code: 'custom', path: ['stopEpochMs'], message });
    }
  });
export type RunStart = z.infer<typeof RunStart>;

/** Whole or not at all, as the manifest: a reader never sees half a record. */
export async function writeRunStart(dir: string, start: RunStart): Promise<void> {
  await writeFileAtomically(join(dir, runStartFileName), `${JSON.stringify(start, null, 2)}\n`);
}

/**
 * The pid in `run-start.json.<pid>.tmp`, the name writeRunStart writes the record under before its rename
 * (exclusive-file.ts); undefined for any other name. A launcher killed inside that write leaves it.
 */
export function startRecordDraftPid(name: string): number | undefined {
  const pid = Number(/^run-start\.json\.([1-9][0-9]*)\.tmp$/.exec(name)?.[1]);
  return Number.isSafeInteger(pid) ? pid : undefined;
}

/** Once the manifest is written it says all the record did: readers prefer it, and the record goes. */
export async function removeRunStart(dir: string): Promise<void> {
  await unlink(join(dir, runStartFileName)).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw error;
  });
}
