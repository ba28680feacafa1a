/** The per-VM table printed when a run ends, fitted to the terminal's width (VM column repeated per block). */
import { fitTable } from '../analysis/text-table.js';
import type { ManifestVm } from '../run-folder/manifest-vm.js';

/**
 * `rates`: the manifest's clockRates, ticks per experiment second by VM id, as the line above the table, analyze and
 * the report give them (a VM's own clockRate is per real second: x speed).
 */
type Cell = (vm: ManifestVm, rates: readonly number[]) => string | number;

const columns: readonly (readonly [string, Cell])[] = [
  ['VM', (vm) => `vm${vm.id}`],
  ['rate/s', (vm, rates) => rates[vm.id] ?? vm.clockRate],
  ['ticks', (vm) => vm.ticks],
  ['sent', (vm) => vm.sent],
  ['received', (vm) => vm.received],
  ['final clock', (vm) => vm.finalClock],
  ['max jump', (vm) => vm.maxJump],
  ['max queue', (vm) => vm.maxQueue],
  ['queued at stop', (vm) => vm.pendingAtStop.length],
  ['dropped', (vm) => vm.dropped.length],
];

export function formatSummaryTable(vms: readonly ManifestVm[], rates: readonly number[], width: number): string {
  return fitTable(
    columns.map(([title]) => title),
    vms.map((vm) => columns.map(([, cell]) => cell(vm, rates))),
    { width, keep: 1, whole: '`launcher analyze --json`' },
  ).join('\n');
}
