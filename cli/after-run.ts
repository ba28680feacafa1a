/**
 * What every `launcher run` does once the manifest is written: analyse the run (summary.json) and check it
 * (check.json), so the user sees the verdict without a second command, and a warning when the machine did not keep
 * up. Says each step as it is done: what it wrote and the check's verdict to `out`, as `launcher analyze` and
 * `launcher check` do; a warning and what could not be read or written to `err`, so that a redirected or piped
 * result is clean and the diagnostics stay on the terminal. Returns whether the run is valid, or, when a signal
 * came meanwhile, what it left unwritten.
 */
import { analyzeRun } from '../analysis/analyze-run.js';
import { formatCheck } from '../analysis/format-check.js';
import { checkAndSave } from '../analysis/saved-check.js';
import { writeSummary } from '../analysis/write-summary.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import type { Writers } from '../shared/line-writers.js';
import { printable } from '../shared/printable-text.js';
import { type InjectedFaults, lateTicksWarning } from './late-ticks-warning.js';
import { shellWords } from './shell-words.js';

export type AfterRun =
  | { kind: 'done'; valid: boolean }
  /** A signal stopped it between steps: `skipped` names each step not done and the command that does it later. */
  | { kind: 'interrupted'; skipped: string[] };

/** What each step writes, and the command that writes it later. */
const steps = {
  summary: (dir: string) => `summary.json (${shellWords(['launcher', 'analyze', dir])} writes it)`,
  check: (dir: string) => `the check (${shellWords(['launcher', 'check', dir])})`,
  report: (dir: string) => `report.html (${shellWords(['launcher', 'report', dir])} writes it)`,
};

/** At most this many check lines in the run's output; `launcher check DIR` prints them all. */
const shownCheckLines = 12;

/** `stop` is checked between the steps: a signal skips those not started (the one under way still finishes). */
export async function afterRun(dir: string, io: Writers, stop?: AbortSignal): Promise<AfterRun> {
  const skip = (...from: (keyof typeof steps)[]): AfterRun => ({
    kind: 'interrupted',
    skipped: from.map((step) => steps[step](dir)),
  });
  if (stop?.aborted) return skip('summary', 'check', 'report');
  const analysis = await analyzeRun(dir);
  if (analysis.ok) {
    const written = await writeSummary(dir, analysis);
    if (written.ok) io.out(`summary: ${printable(written.file)}`);
    else io.err(`summary not written: ${printable(written.file)}: ${written.detail}`);
    const warning = lateTicksWarning(analysis.analysis.vms, await injectedFaults(dir));
    if (warning !== null) io.err(warning);
  } else io.err(`analysis failed: ${printable(analysis.file)}: ${analysis.detail}`);
  if (stop?.aborted) return skip('check', 'report');

  // Saved as check.json, so that `launcher report` later need not check every row again.
  const { check, saved } = await checkAndSave(dir);
  const unreadable = !check.ok && check.reason === 'unreadable';
  const checkLines = formatCheck(check).map((line) => `check: ${line}`);
  const shown = checkLines.slice(0, shownCheckLines);
  if (checkLines.length > shownCheckLines) shown.push(`check: ... (launcher check ${printable(dir)} lists everything)`);
  // As `launcher check` says them: the verdict is the result, a run it cannot read an error.
  for (const line of shown) (unreadable ? io.err : io.out)(line);
  if (!saved.ok && !unreadable) io.err(`check not saved: ${printable(saved.file)}: ${saved.detail}`);

  if (stop?.aborted) return skip('report');
  // Loaded here, after the run: the report code must not slow the VMs' start.
  const { nothingToReportLine, writeReport } = await import('../report/write-report.js');
  const report = await writeReport(dir, { analysis, check });
  if (report.ok) io.out(`report: ${printable(report.file)}`);
  else if (report.reason === 'no-rows') io.err(nothingToReportLine(report));
  else io.err(`report not written: ${printable(report.file)}: ${report.detail}`);
  return { kind: 'done', valid: check.ok };
}

/** The run's injected pauses and kills, which the late-ticks warning takes into account. */
async function injectedFaults(dir: string): Promise<InjectedFaults> {
  const manifest = await readRunManifest(dir);
  if (!manifest.ok) return { pausedVms: [], kills: false };
  return { pausedVms: manifest.facts.pausedVms, kills: manifest.facts.kills.some((k) => k.kills > 0) };
}
