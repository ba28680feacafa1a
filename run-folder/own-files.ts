/**
 * The files a run folder is made of (its manifest or start record, the VMs' CSVs, the fault log, the saved results): what a
 * command writing elsewhere (`export --out`, `report --out`, `compare --html`) must never replace, in the run it read
 * or in any other, or that run is lost.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { claimFileName } from './claim-file.js';
import { faultLogFileName } from './faults-csv.js';
import { manifestFileName } from './manifest.js';
import { runStartFileName } from './run-start.js';
import { checkFileName, summaryFileName } from './saved-results.js';

const ownNames = new Set([manifestFileName, runStartFileName, faultLogFileName, summaryFileName, checkFileName]);
/** vm-K.csv, and vm-K.json beside it in a folder of VMs run by hand. */
const vmFile = /^vm-(\d+)\.(?:csv|json)$/;

/**
 * Whether writing `file` would replace one of `runDir`'s own files. The folders are compared by identity (device and
 * inode), so another spelling of the run folder (`run/../run`, a link to it) is caught too; a folder that cannot be
 * looked at is none of the run's (writing there fails on its own, with its own error).
 */
export async function isRunOwnFile(runDir: string, file: string): Promise<boolean> {
  const name = basename(file);
  if (!ownNames.has(name) && !vmFile.test(name)) return false;
  return sameFolder(dirname(file), runDir);
}

/** The page `report` writes into its run; run-folder/ cannot import report/, so the name is repeated here. */
const runPageName = 'report.html';

/**
 * The run folder whose file writing `file` would replace, or null: `file`'s folder when it is a run folder (it holds
 * a run's manifest.json (holdsRunManifest), or a claim: a run being written; or, for a VM's files, that VM's vm-K.json: a folder of VMs run by
 * hand) and `file` has one of a run's own names or is its page. `except`: the runs whose page may be written (the one
 * being reported); their own files stay refused.
 */
export async function runFolderReplaced(file: string, except: readonly string[] = []): Promise<string | null> {
  const name = basename(file);
  const vm = vmFile.exec(name);
  const page = name === runPageName;
  if (!ownNames.has(name) && vm === null && !page) return null;
  const folder = dirname(file);
  const marks = [claimFileName, ...(vm === null ? [] : [`vm-${vm[1]}.json`])];
  const found = await Promise.all([...marks.map((mark) => exists(join(folder, mark))), holdsRunManifest(folder)]);
  if (!found.includes(true)) return null;
  if (page && (await Promise.all(except.map((runDir) => sameFolder(folder, runDir)))).includes(true)) return null;
  return folder;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Past this, a manifest.json is taken as a run's unread (a run's with its pending copies listed can be large). */
const readManifestUpTo = 16 * 1024 * 1024;

/**
 * Whether `folder`'s manifest.json is a run's: clocklab's (a JSON object with a string `runId`), or any beside a
 * vm-0.csv (a run folder whose manifest was damaged is still a run's). A web app's or an extension's manifest.json
 * is not: `report --out site/report.html` was refused there.
 */
async function holdsRunManifest(folder: string): Promise<boolean> {
  const path = join(folder, manifestFileName);
  const info = await stat(path).catch(() => null);
  if (info === null) return false;
  if (info.size > readManifestUpTo || (await exists(join(folder, 'vm-0.csv')))) return true;
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof value === 'object' && value !== null && typeof (value as { runId?: unknown }).runId === 'string';
  } catch {
    return false;
  }
}

/** Whether two names lead to one folder (device and inode); false when either cannot be looked at. */
async function sameFolder(a: string, b: string): Promise<boolean> {
  const [one, two] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return one !== null && two !== null && one.dev === two.dev && one.ino === two.ino;
}
