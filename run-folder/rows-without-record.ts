/**
 * A folder with VMs' CSVs and nothing that says what ran: no manifest.json, no vm-K.json. VMs run by hand that all
 * failed leave it so (a VM writes its vm-K.json only when its session ends in order, and a VM that fails takes its
 * peers with it), as does a launcher's run whose manifest was removed. Readers refuse it, saying what they found.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { counted } from '../shared/counted.js';
import { openRegular } from './regular-file.js';

const vmCsv = /^vm-(\d+)\.csv$/;
/** Past this many files the line names the first ones and counts the rest. */
const namedFiles = 8;

/** `found vm-0.csv (12 rows) and vm-1.csv (0 rows) and no vm-K.json: ...`, or null when there is no vm-K.csv. */
export async function rowsWithoutRecord(runDir: string): Promise<string | null> {
  const names = await readdir(runDir).catch(() => [] as string[]);
  const ids = names.flatMap((name) => {
    const id = vmCsv.exec(name)?.[1];
    return id === undefined ? [] : [Number(id)];
  });
  if (ids.length === 0) return null;
  ids.sort((a, b) => a - b);
  const shown = await Promise.all(
    ids.slice(0, namedFiles).map(async (id) => {
      const rows = await dataRows(join(runDir, `vm-${id}.csv`));
      return `vm-${id}.csv (${rows === null ? 'unreadable' : counted(rows, 'row')})`;
    }),
  );
  const more = ids.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${more} more vm-K.csv` : listed(shown);
  return (
    `found ${list} and no vm-K.json: VMs run by hand that all failed (a VM writes its vm-K.json only when its ` +
    'session ends in order), or a run whose manifest.json is gone; nothing here records what ran, so its rows are not read'
  );
}

function listed(items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Complete lines after the header (a cut last line is not a row); null when it is not a regular file one can read. */
async function dataRows(file: string): Promise<number | null> {
  const opened = await openRegular(file);
  if (!opened.ok) return null;
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let lines = 0;
  try {
    for (;;) {
      const { bytesRead } = await opened.handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return Math.max(0, lines - 1);
      for (let at = buffer.indexOf(0x0a); at >= 0 && at < bytesRead; at = buffer.indexOf(0x0a, at + 1)) lines += 1;
    }
  } catch {
    return null;
  } finally {
    await opened.handle.close();
  }
}
