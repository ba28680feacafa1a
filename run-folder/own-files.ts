/**
 * The files a run folder is made of (its manifest, the VMs' CSVs, the fault log, the saved results): what a
 * command writing elsewhere (`export --out`, `report --out`) must never replace, or the run it read is lost.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { faultLogFileName } from './faults-csv.js';
import { manifestFileName } from './manifest.js';
import { checkFileName, summaryFileName } from './saved-results.js';

const ownNames = new Set([manifestFileName, faultLogFileName, summaryFileName, checkFileName]);
/** vm-K.csv, and vm-K.json beside it in a folder of VMs run by hand. */
const vmFile = /^vm-\d+\.(csv|json)$/;

/**
 * Whether writing `file` would replace one of `runDir`'s own files. The folders are compared by identity (device and
 * inode), so another spelling of the run folder (`run/../run`, a link to it) is caught too; a folder that cannot be
 * looked at is none of the run's (writing there fails on its own, with its own error).
 */
export async function isRunOwnFile(runDir: string, file: string): Promise<boolean> {
  const name = basename(file);
  if (!ownNames.has(name) && !vmFile.test(name)) return false;
  const [folder, run] = await Promise.all([stat(dirname(file)).catch(() => null), stat(runDir).catch(() => null)]);
  return folder !== null && run !== null && folder.dev === run.dev && folder.ino === run.ino;
}
