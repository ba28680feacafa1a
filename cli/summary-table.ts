/** The per-VM table printed when a run ends. */
import type { ManifestVm } from '../run-folder/manifest.js';

const columns = [
  ['VM', (vm: ManifestVm) => `vm${vm.id}`],
  ['rate/s', (vm: ManifestVm) => String(vm.clockRate)],
  ['ticks', (vm: ManifestVm) => String(vm.ticks)],
  ['sent', (vm: ManifestVm) => String(vm.sent)],
  ['received', (vm: ManifestVm) => String(vm.received)],
  ['final clock', (vm: ManifestVm) => String(vm.finalClock)],
  ['max jump', (vm: ManifestVm) => String(vm.maxJump)],
  ['max queue', (vm: ManifestVm) => String(vm.maxQueue)],
  ['queued at stop', (vm: ManifestVm) => String(vm.pendingAtStop.length)],
  ['dropped', (vm: ManifestVm) => String(vm.dropped.length)],
] as const;

export function formatSummaryTable(vms: readonly ManifestVm[]): string {
  const rows = [columns.map(([title]) => title), ...vms.map((vm) => columns.map(([, cell]) => cell(vm)))];
  const widths = columns.map((_, c) => Math.max(...rows.map((row) => row[c]?.length ?? 0)));
  return rows
    .map((row) =>
      row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
    )
    .join('\n');
}
