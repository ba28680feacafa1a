/**
 * The analysis as plain text for the terminal: a run line, three per-VM tables (ticks, clocks, drift+queue), then the
 * causality figure; a run no VM logged a row in has no figures, and says so instead of printing tables of zeros.
 * Fitted to `width` columns: a table's columns that do not fit follow in a second block under the same vm column,
 * and prose wraps.
 */

import { driftLine } from '../run-folder/host-clock-drift.js';
import { rowsOnHostLines } from '../run-folder/rows-on-host.js';
import { type LauncherEnd, launcherEndPhrase } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import { vmList } from '../shared/vm-list.js';
import { csvIssues, csvRowsLost } from './csv-issues.js';
import { dueTicksLines } from './due-lines.js';
import { formatCausality } from './format-causality.js';
import type { RunAnalysis } from './run-analysis.js';
import { type Cell, fitTable, percentCell, wrapText } from './text-table.js';
import { onTimeShare } from './tick-lateness.js';

export function formatAnalysis(analysis: RunAnalysis, width: number): string {
  const a = analysis;
  const speed = a.speed === 1 ? '' : ` at speed ${a.speed}`;
  const lines = [
    `run ${a.runId}: status ${a.status}${a.reason === null ? '' : ` (${a.reason})`}, seed ${a.seed}, ` +
      `${a.machines} machines, ${a.durationSeconds} s${speed}, ${counted(a.rows, 'row')}`,
  ];
  if (a.launcherDied !== undefined) lines.push(launcherDiedLine(a.launcherDied));
  lines.push(...dueTicksLines(a));
  for (const vm of a.vms.filter((v) => v.ticks.short)) {
    const what = vm.ticks.endedEarly ? 'ended early' : 'missed ticks but ran to the end';
    lines.push(`VM ${vm.id} ${what}: ${vm.ticks.logged} of ${counted(vm.ticks.expected, 'tick')} (exit: ${vm.exit})`);
  }
  for (const vm of a.vms) {
    // Its rows in this folder end where the rest stayed on its host: its figures count only those that arrived.
    lines.push(...rowsOnHostLines(vm));
    const issues = csvIssues(vm.csv);
    if (issues !== null) {
      lines.push(`VM ${vm.id}: ${issues} (left out${csvRowsLost(vm.csv) ? '; run the checker for details' : ''})`);
    }
  }
  for (const drift of a.clockDrifts.filter((d) => d.beyondBound)) lines.push(driftLine(drift));
  // A run that ended before any VM ticked: tables of zeros would read as figures of a run that happened.
  if (a.rows === 0) lines.push('no figures: no VM logged a row');
  else lines.push(...figureLines(a, width));
  return lines.flatMap((line) => wrapText(line, width)).join('\n');
}

const namedTies = 3;

/**
 * The VMs at the worst on-time share: `every VM` when they all are, else the first three and how many more (three
 * names alone read as the only ones).
 */
function tiedVms(ids: readonly string[], vms: number): string {
  if (ids.length === vms && vms > 1) return 'every VM';
  const more = ids.length > namedTies ? ` and ${ids.length - namedTies} more` : '';
  return `${ids.slice(0, namedTies).join(', ')}${more}`;
}

/** The on-time line, the three per-VM tables, the causality figure and what the columns mean. */
function figureLines(a: RunAnalysis, width: number): string[] {
  const textTable = (header: readonly string[], rows: readonly (readonly Cell[])[]) =>
    fitTable(header, rows, { width, keep: 1, whole: '--json' });
  const lines: string[] = [];
  const onTime = a.vms.map((vm) => onTimeShare(vm.ticks.logged, vm.ticks.late.ticks, vm.ticks.due));
  const worst = onTime.reduce<number | null>(
    (w, share) => (share !== null && (w === null || share < w) ? share : w),
    null,
  );
  if (worst !== null) {
    const ids = a.vms.filter((_, i) => onTime[i] === worst).map((vm) => `vm ${vm.id}`);
    lines.push(`on time: worst VM ${percentCell(worst)} (${tiedVms(ids, a.vms.length)})`);
  }
  lines.push(
    '',
    ...textTable(
      [
        'vm',
        'rate',
        'on time',
        'p99 ms',
        'achieved',
        'ticks',
        'receive',
        'send',
        'internal',
        'copies sent',
        'received',
        'pending',
        'dropped',
      ],
      a.vms.map((vm, i) => [
        vm.id,
        vm.ticks.configuredRate,
        percentCell(onTime[i] ?? null),
        vm.ticks.late.p99Ms,
        vm.ticks.achievedRate,
        vm.ticks.logged,
        vm.events.receive,
        vm.events.send,
        vm.events.internal,
        vm.messages.copiesSent,
        vm.messages.received,
        // Without a manifest no VM's pending and dropped copies are known: a 0 would read as none.
        vm.messages.pendingAtStop,
        vm.messages.dropped,
      ]),
    ),
    '',
    ...textTable(
      [
        'vm',
        'final clock',
        'jump mean',
        'median',
        'p95',
        'max',
        'recv jump mean',
        'p95',
        'max',
        'gaps',
        'gap mean',
        'skipped',
      ],
      a.vms.map((vm) => {
        const { final, jumps, receiveJumps, gaps } = vm.clock;
        return [
          vm.id,
          final,
          jumps.mean,
          jumps.median,
          jumps.p95,
          jumps.max,
          receiveJumps.mean,
          receiveJumps.p95,
          receiveJumps.max,
          gaps.count,
          gaps.mean,
          gaps.skipped,
        ];
      }),
    ),
    '',
    ...textTable(
      ['vm', 'drift mean', 'worst', 'end', 'drift/s', 'queue mean', 'max', 'queue/s', 'unbounded'],
      a.vms.map((vm) => [
        vm.id,
        vm.drift.mean,
        vm.drift.worst,
        vm.drift.end,
        vm.drift.slopePerSecond,
        vm.queue.mean,
        vm.queue.max,
        vm.queue.slopePerSecond,
        vm.queue.unbounded ? 'yes' : 'no',
      ]),
    ),
    '',
    ...formatCausality(a.causality),
    '',
    'on time: share of the ticks due (rate x duration, or up to the stop) run at most one period after their deadline k/rate (a VM ' +
      'that falls behind catches up, so its tick count and achieved rate hide late ticks); p99 ms: how late the ' +
      'ticks ran (99th percentile, experiment ms)',
    `drift: clock minus the highest clock of the VMs still logging, every ${a.gridStepMs} ms; ` +
      'gaps: jumps above 1; unbounded: queue growing > 0.05/s with its last quarter > 2x its first',
  );
  if (a.causality.available) {
    lines.push(
      'causality: a on VM i happened before b when V(b)[i] >= V(a)[i]; concurrent: neither; Lamport orders a pair ' +
        'when L(a) != L(b), which it also does for concurrent pairs',
    );
  }
  return lines;
}

/** What happened to a run whose launcher died before its manifest, and what its figures count. */
function launcherDiedLine({ pid, how, unaccounted }: { pid: number; how: LauncherEnd; unaccounted: number[] }): string {
  // Each VM that stopped in order after the death wrote its own accounting (vm-K.end.json); the others' is unknown.
  const copies =
    unaccounted.length === 0
      ? 'its pending and dropped copies are in its own end record (vm-K.end.json)'
      : `the pending and dropped copies of ${vmList(unaccounted)} are unknown (-): no vm-K.end.json`;
  return (
    `${how === 'died' ? 'launcher died' : 'no manifest'}: no manifest.json (launcher pid ${pid} ${launcherEndPhrase(how)}); read from run-start.json and ` +
    `the rows: each VM's ticks due count up to its own stop (in its end record; else its last row), and ${copies}`
  );
}
