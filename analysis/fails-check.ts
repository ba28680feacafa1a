/**
 * Figures (analyze, report, compare) or a log (export) made from a run folder that `launcher check` rejects: a row
 * edited by hand (an elapsed_ms of 999999999 stretches every VM's drift grid), a manifest that disagrees with its
 * rows. The command still does its work, but says so in one line first and exits exitCodes.failsCheck, so that no
 * one trusts them unawares. The verdict is the check's own where the reader has it (check.json while it still
 * describes the folder, saved-check.ts; the report's check), else what the check's rules on each VM's own rows found
 * in the reader's one read of the CSVs (row-verdict.ts): never a second read.
 */
import { counted } from '../shared/counted.js';
import { printable } from '../shared/printable-text.js';
import type { CheckResult } from './check-run.js';
import { violationLine } from './format-check.js';
import type { RowVerdict } from './row-verdict.js';
import type { RunAnalysis } from './run-analysis.js';
import { savedCheck } from './saved-check.js';
import type { Violation } from './violation.js';

/**
 * `scope`: 'check', the whole check's verdict; 'own-rows', that of the rules each VM's rows keep on their own (the
 * rules that match messages across VMs were not run).
 */
export type FailsCheck = { runDir: string; violations: number; first: Violation | null; scope: 'check' | 'own-rows' };

/** A whole check's verdict: null when it breaks no rule (valid, or no row to check). */
export function failsCheckOf(check: CheckResult): FailsCheck | null {
  if (check.ok || check.reason !== 'violations') return null;
  return { runDir: check.runDir, violations: check.violationCount, first: check.violations[0] ?? null, scope: 'check' };
}

/** The verdict of the rules each VM's own rows keep: null when they found nothing. */
export function failsOwnRows(runDir: string, verdict: RowVerdict): FailsCheck | null {
  if (verdict.violations === 0) return null;
  return { runDir, violations: verdict.violations, first: verdict.first, scope: 'own-rows' };
}

/** check.json when it still describes the analysed folder (the whole check), else the analysis's own rows' verdict. */
export async function folderVerdict(analysis: RunAnalysis): Promise<FailsCheck | null> {
  // No row, no figure: check says `nothing to check` of such a run, never that it fails.
  if (analysis.rows === 0) return null;
  return verdictOf(analysis.runDir, analysis.machines, analysis.rowVerdict);
}

/** check.json when it still describes the folder's files, else `own`, the verdict of a read of them just made. */
export async function verdictOf(runDir: string, machines: number, own: RowVerdict): Promise<FailsCheck | null> {
  const saved = await savedCheck(runDir, machines);
  if (saved !== null && (saved.ok || saved.reason !== 'unreadable')) return failsCheckOf(saved);
  return failsOwnRows(runDir, own);
}

/**
 * `figures from a folder that fails check: 1 violation, first: tick-time: vm-0.csv ... (launcher check DIR for all)`,
 * and when only each VM's own rows were judged, `...; the rules across VMs were not run here)`. `what` names what
 * was made (figures, a log).
 */
export function failsCheckLine(what: string, fails: FailsCheck): string {
  const first = fails.first === null ? '' : `, first: ${violationLine(fails.first)}`;
  const rest = fails.scope === 'check' ? '' : '; the rules across VMs were not run here';
  return `${what} from a folder that fails check: ${counted(fails.violations, 'violation')}${first} (launcher check ${printable(fails.runDir)} for all${rest})`;
}
