/**
 * Before a killed VM is restarted on its CSV: the file must end in a complete line, or the new life's first row
 * would be glued onto the cut bytes (one malformed row) and the cut row read as the last one (its clock lost). The
 * cut last row is cut off (the caller records it in faults.csv), a missing file or header is written, and the
 * figures the new life continues from are those of the last complete row.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { csvColumns } from './csv-columns.js';
import { type CsvFigures, csvFigures } from './csv-figures.js';
import { openExclusive } from './exclusive-file.js';
import { errorCode, type Unreadable } from './unreadable.js';

/** `repaired`: what was done to the file, for faults.csv; null when it was whole. */
export type RestartRepair = { ok: true; figures: CsvFigures; repaired: string | null } | Unreadable;

const header = `${csvColumns.join(',')}\n`;

export async function repairForRestart(file: string, vmId: number, machines: number): Promise<RestartRepair> {
  const figures = await csvFigures(file, vmId, machines);
  if ('reason' in figures) return figures;
  const whole = { ...figures, cutTailBytes: 0 };
  try {
    if (figures.missing) {
      const handle = await openExclusive(file);
      await handle.writeFile(header).finally(() => handle.close());
      return { ok: true, figures: whole, repaired: 'no CSV from the first life; wrote its header' };
    }
    if (figures.cutTailBytes === 0 && figures.fields > 0) return { ok: true, figures, repaired: null };
    // O_NOFOLLOW: the file was read as a regular file a moment ago; never truncate through a link put there since.
    const handle = await open(file, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      await handle.truncate(figures.completeBytes);
      if (figures.fields === 0) await handle.write(header, 0);
    } finally {
      await handle.close();
    }
    if (figures.cutTailBytes === 0) return { ok: true, figures: whole, repaired: 'an empty CSV; wrote its header' };
    const what = figures.fields === 0 ? 'a cut header line' : 'a cut last row';
    return { ok: true, figures: whole, repaired: `dropped ${what} (${figures.cutTailBytes} bytes)` };
  } catch (error) {
    return { ok: true, figures, repaired: `could not repair the CSV (${errorCode(error)})` };
  }
}
