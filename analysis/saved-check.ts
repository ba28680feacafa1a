/**
 * check.json in the run folder: the checker's verdict, saved by `launcher run` (which checks every run it makes) so
 * that `launcher report` need not check a million rows again (the slowest part of a report). It records the stamps
 * (run-folder/file-stamps.ts) of every file the check read, and stands in for checkRun only while all of them are
 * unchanged and the checker is the same; anything else (missing, stale, another shape) means checking afresh.
 * Writing and reading the file is run-folder/saved-results.ts; what it must hold is said here.
 */
import { join } from 'node:path';
import { type FileStamp, runInputNames, sameStamps, stampFiles } from '../run-folder/file-stamps.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import { checkFileName, readStampedJson, saveJson } from '../run-folder/saved-results.js';
import { type CheckResult, checkRun } from './check-run.js';
import { ruleText } from './violation.js';

/** Raise `version` when a rule's meaning changes; a rule added or removed changes `rules` by itself. */
const checker = { version: 2, rules: Object.keys(ruleText).join(',') };

type SavedCheck = { checker: typeof checker; inputs: FileStamp[]; result: CheckResult };

export type SaveCheckResult = { ok: true; file: string } | { ok: false; file: string; detail: string };

/**
 * checkRun, and the verdict saved as check.json when the run can be read and no file changed while it was checked.
 * `saved` says why nothing was saved (an unreadable run is not saved: its message names files by full path).
 */
export async function checkAndSave(runDir: string): Promise<{ check: CheckResult; saved: SaveCheckResult }> {
  const manifest = await readRunManifest(runDir);
  const inputs = manifest.ok ? runInputNames(manifest.facts.machines) : [];
  const before = await stampFiles(runDir, inputs);
  const check = await checkRun(runDir);
  const file = join(runDir, checkFileName);
  if (!manifest.ok || (!check.ok && check.reason === 'unreadable')) {
    return { check, saved: { ok: false, file, detail: 'the run cannot be read' } };
  }
  if (!sameStamps(before, await stampFiles(runDir, inputs))) {
    return { check, saved: { ok: false, file, detail: 'a CSV or the manifest changed while it was checked' } };
  }
  const saved: SavedCheck = { checker, inputs: before, result: check };
  const written = await saveJson(runDir, checkFileName, saved);
  return { check, saved: written.ok ? written : { ok: false, file: written.file, detail: written.detail } };
}

/** The saved verdict when it still describes this run folder's files, with `runDir` as given; otherwise null. */
export async function savedCheck(runDir: string, machines: number): Promise<CheckResult | null> {
  const saved = (await readStampedJson(runDir, checkFileName, machines)) as Partial<SavedCheck> | null;
  if (saved === null) return null;
  const result = saved.result;
  if (saved.checker?.version !== checker.version || saved.checker.rules !== checker.rules) return null;
  if (typeof result !== 'object' || result === null || !('runDir' in result)) return null;
  return { ...result, runDir };
}
