/**
 * Everything report.html shows, gathered from a run folder: the manifest and every row (read once, as typed
 * columns), the analysis and the checker's verdict (taken as given when the caller already has them, as
 * `launcher run` does), faults.csv, and the shaped chart data.
 */
import { type AnalyzeResult, analyzeRun } from '../analysis/analyze-run.js';
import type { CheckResult } from '../analysis/check-run.js';
import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import { readRun } from '../run-folder/read-run.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { vmLabel } from './charts/chart-style.js';
import { readFaultMarkers } from './charts/fault-markers.js';
import { jumpHistogram } from './charts/jump-histogram.js';
import { timeChartSpecs } from './charts/time-chart-specs.js';
import { heldToEnd, timeSeries } from './charts/time-series.js';
import { checkInWorker } from './check-in-worker.js';
import { readPageScripts } from './html/page-scripts.js';
import { reportHtml } from './html/report-html.js';
import { jsonText } from './json-text.js';
import { readRunEvents } from './run-events.js';
import { savedAnalysis } from './saved-analysis.js';
import { messageCopies } from './space-time/message-copies.js';
import { overviewData } from './space-time/overview-data.js';
import { overviewSpec } from './space-time/overview-spec.js';
import { packSpaceTime } from './space-time/space-time-data.js';
import { spaceTimeSpec } from './space-time/space-time-spec.js';

/** Results the caller already has; anything missing is computed here. */
export type KnownResults = { analysis?: AnalyzeResult; check?: CheckResult };

/** The space-time window's budget: events drawn at once at most, and in the first window. */
export const spaceTimeBudget = { maxEvents: 5000, targetEvents: 600 } as const;

export async function buildReport(
  runDir: string,
  known: KnownResults = {},
): Promise<{ ok: true; html: string; rows: number; check: CheckResult } | NoRowLogged | Unreadable> {
  const manifest = await readRun(runDir);
  if (!manifest.ok) return manifest;
  // The check (the slowest part, on a worker thread for a big run) and the analysis start first; this thread reads
  // and shapes the rows meanwhile, and waits for the verdict only to write the page.
  const checking = known.check ?? checkInWorker(runDir, manifest.facts.machines);
  const analysing = known.analysis ?? savedAnalysis(runDir).then((saved) => saved ?? analyzeRun(runDir));
  const read = await readRunEvents(runDir);
  if (!read.ok) {
    await Promise.allSettled([checking, analysing]);
    return read;
  }
  const run = read.run;
  const { facts } = run;
  const rows = run.vms.reduce((sum, vm) => sum + vm.rows, 0);
  // No page of zeros for a run no VM logged a row in: it would read as a run that happened.
  if (rows === 0) {
    await Promise.allSettled([checking, analysing]);
    return noRowLogged(runDir, facts);
  }
  const analysis = await analysing;
  const labels = run.vms.map((vm) => vmLabel(vm.vm, facts.clockRates[vm.vm] ?? 0, facts.speed));
  const faults = await readFaultMarkers(
    runDir,
    run.endMs,
    facts.vms.map((vm) => vm.restarts),
  );
  const copies = messageCopies(run.vms, facts);
  const series = timeSeries(run, heldToEnd(run, analysis.ok ? analysis.analysis : null));
  const jumps = jumpHistogram(run.vms.map((vm) => [vm.jump]));
  const charts = timeChartSpecs({ series, labels, speed: facts.speed, faults, jumps });
  const spaceTimeJson = jsonText(packSpaceTime(run, copies, labels));
  const spaceTimeOptions = {
    chart: spaceTimeSpec(labels, facts.speed, run.hasVectorClocks, faults),
    overview: overviewSpec(run.endMs, faults, overviewData(run, copies)),
    ...spaceTimeBudget,
  };
  const check = await checking;
  const html = reportHtml({
    facts,
    rows,
    analysis,
    check,
    charts,
    faults,
    spaceTimeJson,
    spaceTimeOptions,
    hasVectorClocks: run.hasVectorClocks,
    scripts: await readPageScripts(),
    generatedAt: new Date().toISOString(),
  });
  return { ok: true, html, rows, check };
}
