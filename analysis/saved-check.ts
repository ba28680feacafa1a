/**
 * check.json in the run folder: the checker's verdict, saved by `launcher run` (which checks every run it makes) so
 * that `launcher report` need not check a million rows again (the slowest part of a report). It records the size,
 * times and inode of every file the check read, and stands in for checkRun only while all of them are
 * unchanged and the checker is the same; anything else (missing, stale, another shape) means checking afresh.
 */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import { manifestFileName } from '../run-folder/manifest.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import { errorCode } from '../run-folder/unreadable.js';
import { type CheckResult, checkRun } from './check-run.js';
import { ruleText } from './violation.js';

export const checkFileName = 'check.json';

/** Raise `version` when a rule's meaning changes; a rule added or removed changes `rules` by itself. */
const checker = { version: 1, rules: Object.keys(ruleText).join(',') };

/**
 * A file the check read, as it was: null fields for a CSV that did not exist. Size and mtime alone would pass a file
 * replaced by another with the same size and a copied mtime (`cp -p`, `touch -r`); its inode and change time differ
 * (nothing can set a change time back).
 */
type InputStamp = {
  file: string;
  size: number | null;
  mtimeMs: number | null;
  ctimeMs: number | null;
  ino: number | null;
};
type SavedCheck = { checker: typeof checker; inputs: InputStamp[]; result: CheckResult };

export type SaveCheckResult = { ok: true; file: string } | { ok: false; file: string; detail: string };

/** The manifest and every VM's CSV, stamped now. */
async function stampInputs(runDir: string, machines: number): Promise<InputStamp[]> {
  const files = [manifestFileName, ...Array.from({ length: machines }, (_, vm) => csvFileName(vm))];
  return Promise.all(
    files.map((file) =>
      stat(join(runDir, file)).then(
        (s) => ({ file, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino }),
        () => ({ file, size: null, mtimeMs: null, ctimeMs: null, ino: null }),
      ),
    ),
  );
}

const sameStamps = (a: readonly InputStamp[], b: readonly InputStamp[]): boolean =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i];
    return (
      x.file === y?.file && x.size === y.size && x.mtimeMs === y.mtimeMs && x.ctimeMs === y.ctimeMs && x.ino === y.ino
    );
  });

/**
 * checkRun, and the verdict saved as check.json when the run can be read and no file changed while it was checked.
 * `saved` says why nothing was saved (an unreadable run is not saved: its message names files by full path).
 */
export async function checkAndSave(runDir: string): Promise<{ check: CheckResult; saved: SaveCheckResult }> {
  const file = join(runDir, checkFileName);
  const manifest = await readRunManifest(runDir);
  const before = manifest.ok ? await stampInputs(runDir, manifest.facts.machines) : [];
  const check = await checkRun(runDir);
  if (!manifest.ok || (!check.ok && check.reason === 'unreadable')) {
    return { check, saved: { ok: false, file, detail: 'the run cannot be read' } };
  }
  if (!sameStamps(before, await stampInputs(runDir, manifest.facts.machines))) {
    return { check, saved: { ok: false, file, detail: 'a CSV or the manifest changed while it was checked' } };
  }
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const saved: SavedCheck = { checker, inputs: before, result: check };
    await writeFile(temporary, `${JSON.stringify(saved)}\n`);
    await rename(temporary, file);
    return { check, saved: { ok: true, file } };
  } catch (error) {
    return { check, saved: { ok: false, file, detail: `cannot write ${checkFileName} (${errorCode(error)})` } };
  }
}

/** The saved verdict when it still describes this run folder's files, with `runDir` as given; otherwise null. */
export async function savedCheck(runDir: string, machines: number): Promise<CheckResult | null> {
  let saved: Partial<SavedCheck>;
  try {
    saved = JSON.parse(await readFile(join(runDir, checkFileName), 'utf8')) as Partial<SavedCheck>;
  } catch {
    return null;
  }
  const result = saved.result;
  if (saved.checker?.version !== checker.version || saved.checker.rules !== checker.rules) return null;
  if (!Array.isArray(saved.inputs) || typeof result !== 'object' || result === null || !('runDir' in result)) {
    return null;
  }
  if (!sameStamps(saved.inputs, await stampInputs(runDir, machines))) return null;
  return { ...result, runDir };
}
