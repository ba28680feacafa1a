/**
 * Results saved in the run folder beside the data they describe, so that readers need not stream millions of rows
 * again: `summary.json` (the analysis) and `check.json` (the checker's verdict). Here is only their on-disk part:
 * names, whole-or-nothing writes (exclusive temporary name, then rename: never through a planted link), and a
 * bounded read of a regular file. What a saved result must hold to stand in is the analysis's to say.
 */
import { join } from 'node:path';
import { writeFileAtomically } from './exclusive-file.js';
import { readRegularText } from './regular-file.js';
import { errorCode } from './unreadable.js';

export const summaryFileName = 'summary.json';
export const checkFileName = 'check.json';

export type SaveResult = { ok: true; file: string } | { ok: false; reason: 'unwritable'; file: string; detail: string };

/** Far above a real summary or verdict; a larger file is not read (it is not one we wrote). */
const maxSavedBytes = 256 * 1024 * 1024;

export async function saveJson(runDir: string, name: string, value: unknown, indent?: number): Promise<SaveResult> {
  const file = join(runDir, name);
  try {
    await writeFileAtomically(file, `${JSON.stringify(value, null, indent)}\n`);
    return { ok: true, file };
  } catch (error) {
    return { ok: false, reason: 'unwritable', file, detail: `cannot write ${name} (${errorCode(error)})` };
  }
}

/** The saved JSON, or null when there is none that reads (missing, not a regular file, too big, not JSON). */
export async function readSavedJson(runDir: string, name: string): Promise<unknown> {
  const read = await readRegularText(join(runDir, name), maxSavedBytes);
  if (!read.ok) return null;
  try {
    return JSON.parse(read.text) as unknown;
  } catch {
    return null;
  }
}
