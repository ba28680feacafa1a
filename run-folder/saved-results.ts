/**
 * Results saved in the run folder beside the data they describe, so that readers need not stream millions of rows
 * again: `summary.json` (the analysis) and `check.json` (the checker's verdict). Here is only their on-disk part:
 * names, whole-or-nothing writes (exclusive temporary name, then rename: never through a planted link), and a
 * bounded read of a regular file, and the one test of whether a saved result still describes the run: the stamps of
 * the files it was computed from (file-stamps.ts), saved in it as `inputs`, match those files now. What else it must
 * hold to stand in is the analysis's to say.
 */
import { join } from 'node:path';
import { writeFileAtomically } from './exclusive-file.js';
import { runInputNames, sameStamps, stampFiles } from './file-stamps.js';
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
    return { ok: false, reason: 'unwritable', file, detail: `cannot write (${errorCode(error)})` };
  }
}

/** The saved JSON, or null when there is none that reads (missing, not a regular file, too big, not JSON). */
async function readSavedJson(runDir: string, name: string): Promise<unknown> {
  const read = await readRegularText(join(runDir, name), maxSavedBytes);
  if (!read.ok) return null;
  try {
    return JSON.parse(read.text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The saved result `name` while it still describes the run folder's files: a JSON object whose `inputs` are the
 * stamps of the manifest and each of `machines` CSVs as they are now. Null otherwise (stale, missing, another shape).
 */
export async function readStampedJson(
  runDir: string,
  name: string,
  machines: number,
): Promise<Record<string, unknown> | null> {
  const saved = await readSavedJson(runDir, name);
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return null;
  const { inputs } = saved as { inputs?: unknown };
  return sameStamps(inputs, await stampFiles(runDir, runInputNames(machines)))
    ? (saved as Record<string, unknown>)
    : null;
}
