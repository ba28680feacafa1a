/**
 * A launched VM whose launcher is gone by its end writes what it would have reported, `vm-K.end.json` beside its CSV
 * (run-folder/vm-end-record.ts reads it): the readers of a run whose launcher died account for its copies with it.
 * Written whole or not at all (a temporary file, then a rename): a reader never meets half a record.
 */
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vmEndRecordName } from '../run-folder/vm-end-record-name.js';
import { dropFigures } from '../shared/drop-causes.js';
import type { Drop, VmFigures, VmSpec } from '../shared/vm-spec.js';

/** undefined once written; else why not (the VM says it in a line: its rows are whole either way). */
/** `stopEpochMs`: the stop it ran to (its launcher's going, or the run's stop before it; epoch ms, on its rows' clock). */
export async function writeVmEndRecord(
  spec: Pick<VmSpec, 'id' | 'runId' | 'outDir'>,
  end: { stopEpochMs: number; stats: VmFigures },
  drops: readonly Drop[],
): Promise<string | undefined> {
  const file = join(spec.outDir, vmEndRecordName(spec.id));
  const temporary = `${file}.${process.pid}.tmp`;
  const record = { runId: spec.runId, stopEpochMs: end.stopEpochMs, stats: { ...end.stats, ...dropFigures(drops) } };
  try {
    await writeFile(temporary, `${JSON.stringify(record)}\n`, { flag: 'wx' });
    await rename(temporary, file);
    return undefined;
  } catch (error) {
    await unlink(temporary).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return `vm${spec.id}: its launcher is gone, and its end record ${file} could not be written (${code})`;
  }
}
