/**
 * What a remote VM's new life must number past (VmRestart.aboveKeptRows) when an earlier life's rows stay on its
 * host (run-folder/rows-on-host.ts): their message numbers and own vector entries are unknown here, but none is above
 * the first tick of the life that came after them. That life's first row begins at the record's `fromByte` in the run
 * folder's CSV, and its tick is the floor; with no row there yet (the kept life was the last to write one), the new
 * life's own first tick is ('first-tick'). Only the latest such record counts: each later floor is higher.
 */
import { openRegular } from '../run-folder/regular-file.js';
import type { RemoteCsv } from './remote-csv.js';

/** A row is well under this; a longer line (64 VMs' vector) is read on until its newline. */
const chunkBytes = 4096;

/** undefined: no earlier life's rows stay on the host, so nothing is to be passed. */
export async function keptRowsFloor(
  csv: Pick<RemoteCsv, 'earlierRowsOnHost' | 'length' | 'path'>,
): Promise<number | 'first-tick' | undefined> {
  const kept = csv.earlierRowsOnHost.at(-1);
  if (kept === undefined) return undefined;
  if (kept.fromByte >= csv.length) return 'first-tick';
  const tick = await tickOfRowAt(csv.path, kept.fromByte);
  // A row there that does not read: its own first tick still passes every kept row (a rise check may then name).
  return tick ?? 'first-tick';
}

async function tickOfRowAt(file: string, at: number): Promise<number | null> {
  const opened = await openRegular(file);
  if (!opened.ok) return null;
  try {
    let text = '';
    for (let position = at; !text.includes('\n'); ) {
      const buffer = Buffer.alloc(chunkBytes);
      const { bytesRead } = await opened.handle.read(buffer, 0, chunkBytes, position);
      if (bytesRead === 0) return null;
      text += buffer.toString('latin1', 0, bytesRead);
      position += bytesRead;
    }
    const tick = text.slice(0, text.indexOf('\n')).split(',')[1] ?? '';
    return /^\d{1,15}$/.test(tick) ? Number(tick) : null;
  } catch {
    return null;
  } finally {
    await opened.handle.close();
  }
}
