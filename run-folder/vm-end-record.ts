/**
 * A launched VM's own end record (vm-end-record-name.ts), read for a run whose launcher died before its manifest
 * (launcher-died-run.ts): the accounting its launcher never received (pending at its stop, dropped copies, figures),
 * so that such a run is accounted for as exactly as one with a manifest. A VM writes one only when it ended in order
 * after its launcher was gone; a VM killed, failed or on another host leaves none, and is said unaccounted.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { msText } from '../shared/microsecond-ms.js';
import { ManifestVm } from './manifest-vm.js';
import { readRecordFile } from './record-file.js';
import type { ManifestVmFacts } from './run-facts.js';
import type { RunStart } from './run-start.js';
import { type Unreadable, unreadable } from './unreadable.js';
import { vmEndRecordName } from './vm-end-record-name.js';

export const VmEndRecord = z.strictObject({
  runId: z.string(),
  /** The stop its launcher's going set, epoch ms: when the VM stopped ticking (the manifest's stopElapsedMs). */
  stopEpochMs: z.number(),
  /** The VM's figures and its drops, as its `done` report to the launcher would have carried them. */
  stats: ManifestVm.omit({ exit: true }),
});
export type VmEndRecord = z.infer<typeof VmEndRecord>;

/** Its pending list grows with what was queued at the stop; a few MB at most. */
const maxRecordBytes = 16 * 1024 * 1024;

/**
 * Each VM's record (undefined where it left none), or one line saying why a record is not this run's VM's: one that
 * does not read, names another run or another VM (copied or planted) is refused, as a planted start record is; so
 * is one whose stop is past the run's planned stop (in its start record `start`), which no VM runs
 * past: read, it counted that VM's ticks due to the planned end and said `stops at ... to 60 s of 10 s`.
 */
export async function readVmEndRecords(
  runDir: string,
  start: Pick<RunStart, 'runId' | 'startEpochMs' | 'stopEpochMs' | 'vms'>,
): Promise<{ ok: true; records: (VmEndRecord | undefined)[] } | Unreadable> {
  const { runId } = start;
  const records: (VmEndRecord | undefined)[] = [];
  for (const { id } of start.vms) {
    const file = join(runDir, vmEndRecordName(id));
    const read = await readRecordFile(file, VmEndRecord, maxRecordBytes, 'vm-end-record-invalid');
    if (read === null) {
      records.push(undefined);
      continue;
    }
    if (!read.ok) return read;
    const { record } = read;
    if (record.runId !== runId) {
      return unreadable('vm-end-record-invalid', file, `runId: found ${record.runId}, another run's than ${runId}`);
    }
    if (record.stats.id !== id) {
      return unreadable('vm-end-record-invalid', file, `stats.id: found ${record.stats.id}, not VM ${id}'s`);
    }
    if (record.stopEpochMs > start.stopEpochMs) {
      const into = (epochMs: number) => msText(epochMs - start.startEpochMs);
      const detail = `stopEpochMs: found ${into(record.stopEpochMs)} into the run, past its planned stop at ${into(start.stopEpochMs)}: no VM runs past it`;
      return unreadable('vm-end-record-invalid', file, detail);
    }
    records.push(record);
  }
  return { ok: true, records };
}

/**
 * A VM that wrote its end record ended in order (`done`, as its report would have made it in a manifest) at the stop
 * it records, with its own pending and dropped copies; its figures, where they are its whole run's (no restart: a
 * record holds its last life's only). `startEpochMs`: the run's start, from its start record.
 */
export function endRecordEntry(
  { stats, stopEpochMs }: VmEndRecord,
  startEpochMs: number,
  wholeRun: boolean,
): ManifestVmFacts {
  const { id, pendingAtStop, dropped, droppedBy, lostPeers, stoppedEarly, unendedLinks } = stats;
  const { ticks, sent, received, finalClock, maxJump, maxQueue } = stats;
  return {
    ...{ id, exit: 'done', pendingAtStop, dropped, lostPeers, stoppedEarly, unendedLinks },
    stopElapsedMs: Math.max(0, stopEpochMs - startEpochMs),
    ...(droppedBy === undefined ? {} : { droppedBy }),
    ...(wholeRun ? { figures: { ticks, sent, received, finalClock, maxJump, maxQueue } } : {}),
  };
}
