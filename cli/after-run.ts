/**
 * What every `launcher run` does once the manifest is written: analyse the run (summary.json) and check it
 * (check.json), so the user sees the verdict without a second command, and a warning when the machine did not keep
 * up. Returns the lines to print and whether it is valid, or, when a signal came meanwhile, what it left unwritten.
 */
import { analyzeRun } from '../analysis/analyze-run.js';
import { formatCheck } from '../analysis/format-check.js';
import { checkAndSave } from '../analysis/saved-check.js';
import { writeSummary } from '../analysis/write-summary.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import { type InjectedFaults, lateTicksWarning } from './late-ticks-warning.js';

export type AfterRun =
  | { kind: 'done'; lines: string[]; valid: boolean }
  /** A signal stopped it between steps: `skipped` names each step not done and the command that does it later. */
  | { kind: 'interrupted'; lines: string[]; skipped: string[] };

/** What each step writes, and the command that writes it later. */
const steps = {
  summary: (dir: string) => `summary.json (launcher analyze ${dir} writes it)`,
  check: (dir: string) => `the check (launcher check ${dir})`,
  report: (dir: string) => `report.html (launcher report ${dir} writes it)`,
};

/** At most this many check lines in the run's output; `launcher check DIR` prints them all. */
const shownCheckLines = 12;

/** `stop` is checked between the steps: a signal skips those not started (the one under way still finishes). */
export async function afterRun(dir: string, stop?: AbortSignal): Promise<AfterRun> {
  const lines: string[] = [];
  const skip = (...from: (keyof typeof steps)[]): AfterRun => ({
    kind: 'interrupted',
    lines,
    skipped: from.map((step) => steps[step](dir)),
  });
  if (stop?.aborted) return skip('summary', 'check', 'report');
  const analysis = await analyzeRun(dir);
  if (analysis.ok) {
    const written = await writeSummary(dir, analysis);
    lines.push(written.ok ? `summary: ${written.file}` : `summary not written: ${written.file}: ${written.detail}`);
    const warning = lateTicksWarning(analysis.analysis.vms, await injectedFaults(dir));
    if (warning !== null) lines.push(warning);
  } else lines.push(`analysis failed: ${analysis.file}: ${analysis.detail}`);
  if (stop?.aborted) return skip('check', 'report');

  // Saved as check.json, so that `launcher report` later need not check every row again.
  const { check, saved } = await checkAndSave(dir);
  const checkLines = formatCheck(check).map((line) => `check: ${line}`);
  lines.push(...checkLines.slice(0, shownCheckLines));
  if (checkLines.length > shownCheckLines) lines.push(`check: ... (launcher check ${dir} lists everything)`);
  const unreadable = !check.ok && check.reason === 'unreadable';
  if (!saved.ok && !unreadable) lines.push(`check not saved: ${saved.file}: ${saved.detail}`);

  if (stop?.aborted) return skip('report');
  // Loaded here, after the run: the report code must not slow the VMs' start.
  const { writeReport } = await import('../report/write-report.js');
  const report = await writeReport(dir, { analysis, check });
  lines.push(report.ok ? `report: ${report.file}` : `report not written: ${report.file}: ${report.detail}`);
  return { kind: 'done', lines, valid: check.ok };
}

/** The run's injected pauses and kills, which the late-ticks warning takes into account. */
async function injectedFaults(dir: string): Promise<InjectedFaults> {
  const manifest = await readRunManifest(dir);
  if (!manifest.ok) return { pausedVms: [], kills: false };
  return { pausedVms: manifest.facts.pausedVms, kills: manifest.facts.kills.some((k) => k.kills > 0) };
}
