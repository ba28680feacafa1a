/**
 * Before a killed VM is restarted on its CSV: the file must end in a complete line, or the new life's first row
 * would be glued onto the cut bytes (one malformed row) and the cut row read as the last one (its clock lost). The
 * cut last row is cut off (the caller records it in faults.csv), and the figures the new life continues from are
 * those of the last complete row. A file cut inside its header is emptied: the new life writes the header into an
 * empty or missing file (vm/csv-log.ts).
 */

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { counted } from '../shared/counted.js';
import { type CsvFigures, csvFigures } from './csv-figures.js';
import { errorCode, type Unreadable } from './unreadable.js';

/** `repaired`: what was done to the file, for faults.csv; null when it was whole. */
export type RestartRepair = { ok: true; figures: CsvFigures; repaired: string | null } | Unreadable;

export async function repairForRestart(file: string, vmId: number, machines: number): Promise<RestartRepair> {
  const figures = await csvFigures(file, vmId, machines);
  if ('reason' in figures) return figures;
  const whole = { ...figures, cutTailBytes: 0 };
  try {
    if (figures.cutTailBytes === 0) return { ok: true, figures, repaired: null };
    // O_NOFOLLOW: the file was read as a regular file a moment ago; never truncate through a link put there since.
    const handle = await open(file, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      await handle.truncate(figures.completeBytes);
    } finally {
      await handle.close();
    }
    const what = figures.fields === 0 ? 'a cut header line' : 'a cut last row';
    return { ok: true, figures: whole, repaired: `dropped ${what} (${counted(figures.cutTailBytes, 'byte')})` };
  } catch (error) {
    return { ok: true, figures, repaired: `could not repair the CSV (${errorCode(error)})` };
  }
}
