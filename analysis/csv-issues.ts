/**
 * What a VM's CSV lacked or held that the figures leave out, in words: `no CSV`, `a byte-order mark` (a spreadsheet
 * saved it: read past, no row lost), `a cut last line`, `3 malformed rows`, or several of the last three. One wording for `analyze` and for an experiment's trials, whose CSVs can be
 * hand-edited or cut between the run and the summary.
 */
import { counted } from '../shared/counted.js';
import type { VmAnalysis } from './run-analysis.js';

export function csvIssues(csv: VmAnalysis['csv']): string | null {
  if (csv.missing) return 'no CSV';
  const issues = [
    csv.byteOrderMark === true ? 'a byte-order mark' : '',
    csv.cutTailBytes > 0 ? 'a cut last line' : '',
    csv.badRows > 0 ? counted(csv.badRows, 'malformed row') : '',
  ].filter((issue) => issue !== '');
  return issues.length === 0 ? null : issues.join(' and ');
}

/** `VM 1: a cut last line; VM 2: no CSV`, or null when every VM's CSV read whole. */
export function runCsvIssues(vms: readonly Pick<VmAnalysis, 'id' | 'csv'>[]): string | null {
  const issues = vms.flatMap((vm) => {
    const issue = csvIssues(vm.csv);
    return issue === null ? [] : [`VM ${vm.id}: ${issue}`];
  });
  return issues.length === 0 ? null : issues.join('; ');
}

/** Rows the CSV's issues cost (a byte-order mark alone costs none: nothing for the checker to name). */
export const csvRowsLost = (csv: VmAnalysis['csv']): boolean => csv.missing || csv.cutTailBytes > 0 || csv.badRows > 0;
