/**
 * What analyze (and the export) keep of the rules each VM's rows keep on their own (vm-row-checks.ts), run in their
 * own read of the CSVs: how many findings, by rule, and the first by VM and line, as `launcher check` lists them.
 * Plain data: a VM's is made on a worker thread for a big run (digest-pool.ts), and the run's is saved in
 * summary.json.
 */
import type { RunFacts } from '../run-folder/run-facts.js';
import { type RuleName, type Violation, ViolationLog } from './violation.js';
import { VmRowChecks } from './vm-row-checks.js';

export type RowVerdict = {
  violations: number;
  countsByRule: Partial<Record<RuleName, number>>;
  first: Violation | null;
};

/**
 * VM `vm`'s own rows checked as a reader streams them (`checks`); `done(records)`, once its file is read (`records`
 * complete rows), gives its verdict.
 */
export function rowVerdictReader(
  facts: RunFacts,
  vm: number,
): { checks: VmRowChecks; done(records: number): RowVerdict } {
  // The first finding of each rule is all a reader other than check shows; the counts stay whole.
  const log = new ViolationLog(1);
  const checks = new VmRowChecks(facts, vm, log);
  return {
    checks,
    done(records) {
      checks.finish(records);
      return { violations: log.count, countsByRule: log.countsByRule(), first: log.list()[0] ?? null };
    },
  };
}

/** The verdicts of the VMs, given in VM order, as one: counts summed, the first finding of the first VM with one. */
export function joinRowVerdicts(verdicts: readonly RowVerdict[]): RowVerdict {
  const countsByRule: Partial<Record<RuleName, number>> = {};
  for (const verdict of verdicts) {
    for (const [rule, n] of Object.entries(verdict.countsByRule) as [RuleName, number][]) {
      countsByRule[rule] = (countsByRule[rule] ?? 0) + n;
    }
  }
  return {
    violations: verdicts.reduce((sum, v) => sum + v.violations, 0),
    countsByRule,
    first: verdicts.find((v) => v.first !== null)?.first ?? null,
  };
}
