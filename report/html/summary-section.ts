/**
 * The top of the report: what ran, the checker's verdict, and the analysis's per-VM figures as a table. Figures
 * come from analyzeRun and checkRun as they are; when either could not read the run, the page says why instead.
 */
import type { AnalyzeResult } from '../../analysis/analyze-run.js';
import type { CheckResult } from '../../analysis/check-run.js';
import { ownStopLines } from '../../analysis/due-lines.js';
import { formatCheck } from '../../analysis/format-check.js';
import type { RunAnalysis, VmAnalysis } from '../../analysis/run-analysis.js';
import { cellText, percentCell } from '../../analysis/text-table.js';
import { rowsOnHostLines } from '../../run-folder/rows-on-host.js';
import type { RunFacts } from '../../run-folder/run-facts.js';
import { counted } from '../../shared/counted.js';
import { escapeHtml } from './html-text.js';

/** Lines of the verdict shown in full; the rest is a count (launcher check lists everything). */
const shownCheckLines = 200;

/** `6 s`, and `(60 experiment s at speed 10)` when the run was compressed. */
export function durationText(facts: RunFacts): string {
  const real = `${seconds(facts.durationSeconds / facts.speed)} s`;
  return facts.speed === 1 ? real : `${real} real (${facts.durationSeconds} experiment s at speed ${facts.speed})`;
}

/** 0.2, 12.5, 60: at most 3 decimals, no trailing zeros. */
const seconds = (s: number): string => String(Number(s.toFixed(3)));

/** A run a signal stopped: when every VM stopped (experiment s), up to which its ticks are due in the table. */
function stoppedText(facts: RunFacts): string {
  if (facts.stoppedAtMs === undefined) return '';
  return `, stopped by a signal at ${seconds(facts.stoppedAtMs / 1000)} s (ticks due up to then)`;
}

export function runHeader(facts: RunFacts, rows: number): string {
  const reason = facts.reason === null ? '' : ` (${escapeHtml(facts.reason)})`;
  const engine = facts.engine === 'sim' ? 'sim engine (virtual time)' : 'OS processes';
  return `<p>Status <b>${facts.status}</b>${reason}; seed ${facts.seed}; ${facts.machines} VMs; ${escapeHtml(durationText(facts))}${stoppedText(facts)}; ${counted(rows, 'row')}; ${engine}.</p>`;
}

export function verdictSection(check: CheckResult): string {
  const lines = formatCheck(check);
  const [verdict, ...rest] = lines;
  const ok = check.ok ? 'ok' : 'bad';
  const shown = rest.slice(0, shownCheckLines).map((line) => `<li>${escapeHtml(line)}</li>`);
  if (rest.length > shownCheckLines)
    shown.push(`<li>... ${counted(rest.length - shownCheckLines, 'more line')}: run launcher check</li>`);
  return `<div class="verdict ${ok}"><b>Checker:</b> ${escapeHtml(verdict ?? '')}${shown.length === 0 ? '' : `<ul>${shown.join('')}</ul>`}</div>`;
}

const columns: [string, (vm: VmAnalysis, a: RunAnalysis) => number | string | null][] = [
  ['VM', (vm) => vm.id],
  ['rate/s', (vm) => vm.ticks.configuredRate],
  [
    'achieved/configured',
    (vm) => (vm.ticks.configuredRate > 0 ? vm.ticks.achievedRate / vm.ticks.configuredRate : null),
  ],
  ['ticks', (vm) => `${vm.ticks.logged} / ${vm.ticks.due}`],
  ['late', (vm) => percentCell(vm.ticks.late.share)],
  ['late p99 ms', (vm) => vm.ticks.late.p99Ms],
  ['receive / send / internal', (vm) => `${vm.events.receive} / ${vm.events.send} / ${vm.events.internal}`],
  ['copies sent', (vm) => vm.messages.copiesSent],
  // Null for a launcher that died before its manifest: unknown, not 0 (as analyze's `-`).
  ['pending at stop', (vm) => vm.messages.pendingAtStop],
  ['dropped', (vm) => vm.messages.dropped],
  ['final clock', (vm) => vm.clock.final],
  ['jump mean', (vm) => vm.clock.jumps.mean],
  ['jump p95', (vm) => vm.clock.jumps.p95],
  ['jump max', (vm) => vm.clock.jumps.max],
  ['gaps', (vm) => vm.clock.gaps.count],
  ['drift mean', (vm) => vm.drift.mean],
  ['drift worst', (vm) => vm.drift.worst],
  ['queue mean', (vm) => vm.queue.mean],
  ['queue max', (vm) => vm.queue.max],
  ['queue unbounded', (vm) => (vm.queue.unbounded ? 'yes' : 'no')],
  ['exit', (vm) => vm.exit],
];

export function summarySection(analysis: AnalyzeResult): string {
  if (!analysis.ok) {
    return `<p class="note">No summary table: the analysis could not read the run (${escapeHtml(analysis.file)}: ${escapeHtml(analysis.detail)}).</p>`;
  }
  const a: RunAnalysis = analysis.analysis;
  const head = columns.map(([title]) => `<th>${escapeHtml(title)}</th>`).join('');
  const rows = a.vms.map(
    (vm) => `<tr>${columns.map(([, cell]) => `<td>${escapeHtml(cellText(cell(vm, a), 2))}</td>`).join('')}</tr>`,
  );
  const time = a.speed === 1 ? '' : ` Rates are per experiment second (the VMs ran ${a.speed}x faster in real time).`;
  return `${ownStopsNote(a)}${rowsOnHostNote(a)}<div class="table-box"><table class="summary"><tr>${head}</tr>\n${rows.join('\n')}</table></div>
<p class="small">Drift: clock minus the highest clock of the VMs still logging, every ${a.gridStepMs} ms of experiment
time; gaps: events whose jump is above 1; unbounded: queue growing with its last quarter over twice its first; late: ticks
that ran more than one period after their deadline (a VM that falls behind catches up, so its tick count hides them),
and how late in experiment ms.${time}</p>`;
}

/**
 * Where the table's ticks due end before the run's (its header names a signal's stop): each VM's own stop in a run
 * with no instant every VM stopped at, a VM that stopped before the others (due-lines.ts).
 */
function ownStopsNote(a: RunAnalysis): string {
  return ownStopLines(a, 'ticks due and achieved rate')
    .map((line) => `<p class="small">${escapeHtml(`${line.charAt(0).toUpperCase()}${line.slice(1)}`)}.</p>\n`)
    .join('');
}

/** A VM whose rows in this folder end where the rest stayed on its host: its figures count only those that came. */
function rowsOnHostNote(a: RunAnalysis): string {
  return a.vms
    .flatMap((vm) => rowsOnHostLines(vm))
    .map((line) => `<p class="small">${escapeHtml(line)}.</p>\n`)
    .join('');
}
