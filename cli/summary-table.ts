/** The per-VM table printed when a run ends, fitted to the terminal's width (VM column repeated per block). */
import { fitTable } from '../analysis/text-table.js';
import type { ManifestVm } from '../run-folder/manifest.js';

const columns = [
  ['VM', (vm: ManifestVm) => `vm${vm.id}`],
  ['rate/s', (vm: ManifestVm) => vm.clockRate],
  ['ticks', (vm: ManifestVm) => vm.ticks],
  ['sent', (vm: ManifestVm) => vm.sent],
  ['received', (vm: ManifestVm) => vm.received],
  ['final clock', (vm: ManifestVm) => vm.finalClock],
  ['max jump', (vm: ManifestVm) => vm.maxJump],
  ['max queue', (vm: ManifestVm) => vm.maxQueue],
  ['queued at stop', (vm: ManifestVm) => vm.pendingAtStop.length],
  ['dropped', (vm: ManifestVm) => vm.dropped.length],
] as const;

export function formatSummaryTable(vms: readonly ManifestVm[], width: number): string {
  return fitTable(
    columns.map(([title]) => title),
    vms.map((vm) => columns.map(([, cell]) => cell(vm))),
    { width, keep: 1, whole: '`launcher analyze --json`' },
  ).join('\n');
}
