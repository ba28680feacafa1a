/**
 * Resuming: what a trial's folder already holds. A folder with a manifest whose status is ok and whose config is the
 * one planned is complete and never run again; anything else there (no manifest, a failed or interrupted run) is
 * moved aside under `.incomplete/` and the trial runs again. A complete trial run with another config is a conflict:
 * the experiment stops before running anything rather than mix two experiments in one summary.
 */
import { lstat, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues } from '../config/format-issues.js';
import { parseJsonText } from '../config/json-text.js';
import { type Manifest, ManifestFields, manifestFileName } from '../run-folder/manifest.js';
import { readRegularText } from '../run-folder/regular-file.js';
import { errorCode } from '../run-folder/unreadable.js';
import { makeFolders } from '../shared/make-folders.js';
import { printable } from '../shared/printable-text.js';
import { configDifferences } from './config-difference.js';
import type { Trial } from './experiment-plan.js';

export type TrialState =
  | { kind: 'absent' }
  | { kind: 'complete'; manifest: TrialManifest }
  | { kind: 'incomplete'; why: string }
  | { kind: 'conflict'; detail: string };

/** What resuming reads of a trial's manifest, validated with the manifest's own schema. */
const TrialManifest = ManifestFields.pick({ status: true, config: true, clockRates: true, reason: true });
type TrialManifest = Pick<Manifest, 'status' | 'config' | 'clockRates' | 'reason'>;

export async function trialState(trial: Trial): Promise<TrialState> {
  let entries: string[];
  try {
    entries = await readdir(trial.dir);
  } catch {
    return { kind: 'absent' };
  }
  if (entries.length === 0) return { kind: 'absent' };
  if (!entries.includes(manifestFileName)) return { kind: 'incomplete', why: 'no manifest.json' };
  // A regular file only (a FIFO there must not block the resume), of a bounded size.
  const read = await readRegularText(join(trial.dir, manifestFileName), 64 * 1024 * 1024);
  if (!read.ok) return { kind: 'incomplete', why: `manifest.json unreadable (${read.detail})` };
  const json = parseJsonText(read.text);
  if (!json.ok) return { kind: 'incomplete', why: `manifest.json unreadable (${json.problems.join('; ')})` };
  const parsed = TrialManifest.safeParse(json.value, { reportInput: true });
  if (!parsed.success) {
    return { kind: 'incomplete', why: `manifest.json unreadable (${formatIssues(parsed.error.issues).join('; ')})` };
  }
  const manifest = parsed.data;
  if (manifest.status !== 'ok') {
    // The run's own reason (a port held, a VM that died) is what the summaries' reader needs to act on.
    const reason = manifest.reason === undefined ? '' : `: ${printable(manifest.reason, 300)}`;
    return { kind: 'incomplete', why: `status ${String(manifest.status)}${reason}` };
  }
  const differs = configDifferences(manifest.config, trial.config);
  if (differs.length > 0) {
    return { kind: 'conflict', detail: `${trial.dir} was run with another config (${differs.join('; ')})` };
  }
  return { kind: 'complete', manifest };
}

/** Moves an incomplete trial folder to `<experiment>/.incomplete/<variant>-trial-<k>-<time>/`; returns where. */
export async function moveAside(
  trial: Trial,
  experimentDir: string,
): Promise<{ ok: true; target: string } | { ok: false; problem: string }> {
  const aside = join(experimentDir, '.incomplete');
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
  const target = join(aside, `${trial.variant}-trial-${trial.k}-${stamp}`);
  try {
    await makeFolders(aside);
    // A link planted as `.incomplete` would take the trial out of the experiment folder.
    if (!(await lstat(aside)).isDirectory()) {
      return { ok: false, problem: `${trial.dir}: cannot move the incomplete trial aside (${aside} is not a folder)` };
    }
    await rename(trial.dir, target);
    return { ok: true, target };
  } catch (error) {
    return { ok: false, problem: `${trial.dir}: cannot move the incomplete trial aside (${errorCode(error)})` };
  }
}
