/**
 * Why a run folder has no manifest.json, in the words of the line that refuses it: the launcher writes it last, so a
 * claim there means a launcher is writing the folder or was interrupted; VMs run by hand write none (their vm-K.json
 * stand in for it); CSVs alone are said with what they hold (rows-without-record.ts).
 */
import { readdir } from 'node:fs/promises';
import { isAlive } from '../shared/process-alive.js';
import { readClaim } from './folder-writer.js';
import { rowsWithoutRecord } from './rows-without-record.js';

/** VMs run by hand each write vm-K.json beside their CSV, and nothing writes a manifest for them. */
const byHandNote =
  'VMs run by hand (vm-K.json here) write none: `launcher check` judges such a folder; analyze, report, compare and export read a folder `launcher run` wrote';

/** The detail for a folder `runDir` that holds no manifest (and no start record of a launcher that died). */
export async function missingManifest(runDir: string): Promise<string> {
  const none = 'no such file';
  const claim = await readClaim(runDir);
  if (claim === undefined) {
    if (await byHand(runDir)) return `${none}: ${byHandNote}`;
    const found = await rowsWithoutRecord(runDir);
    return found === null ? none : `${none}; ${found}`;
  }
  const held = `its claim: ${claim.file}`;
  if (claim.pid === undefined) {
    return `${none}: a launcher is still writing this folder, or was interrupted before writing it (${held})`;
  }
  return isAlive(claim.pid)
    ? `${none} yet: launcher pid ${claim.pid} is still writing this folder (${held}); try again when it ends`
    : `${none}: launcher pid ${claim.pid} was interrupted before writing it (it is no longer running; ${held})`;
}

async function byHand(runDir: string): Promise<boolean> {
  const names = await readdir(runDir).catch(() => [] as string[]);
  return names.some((name) => /^vm-\d+\.json$/.test(name));
}
