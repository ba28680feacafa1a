/**
 * checkRun: does a run folder tell a consistent Lamport story, and (when the CSVs have the vector_clock column) a
 * consistent vector clock one? Streams each VM's CSV once (row rules as it goes), then matches messages across VMs
 * and checks the tick counts. Memory grows with the number of messages (they must be matched across files), not
 * with the number of rows: see vector-rules.ts for what the vectors add.
 */

import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import { readAllVms, type VmRead } from '../run-folder/read-run.js';
import { type RunFacts, readRunManifest, stoppedBeforeEnd, wasKilled } from '../run-folder/run-manifest.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { counted } from '../shared/counted.js';
import { auditDeliveries } from './delivery-audit.js';
import { lastLife } from './killed-lives.js';
import { MessageLedger } from './message-ledger.js';
import { RowRules } from './row-rules.js';
import { expectedTicks, judgeTicks, ticksDue, tickTolerance } from './tick-budget.js';
import { VectorRules } from './vector-rules.js';
import { type CheckNote, type RuleName, type Violation, ViolationLog } from './violation.js';

type Checked = { runDir: string; rows: number; messages: number; notes: CheckNote[] };

export type CheckResult =
  | ({ ok: true } & Checked)
  | ({
      ok: false;
      reason: 'violations';
      /** The first 100 of each rule, by VM and line; violationCount and countsByRule count them all. */
      violations: Violation[];
      violationCount: number;
      countsByRule: Partial<Record<RuleName, number>>;
    } & Checked)
  /**
   * No VM logged a row (a run that ended before any VM ticked): no rule can be broken by no rows, so not `valid`
   * either; said as `report`, `export` and `compare` say it. Its notes are the CSVs' (missing, a cut line) only:
   * every VM's `0 ticks of N expected` would repeat the one line.
   */
  | (NoRowLogged & Checked)
  | Unreadable;

export async function checkRun(runDir: string): Promise<CheckResult> {
  const manifest = await readRunManifest(runDir);
  if (!manifest.ok) return manifest;
  const facts = manifest.facts;
  const log = new ViolationLog();
  const ledger = new MessageLedger(log);
  const vectors = new VectorRules(facts.machines, log, ledger);
  const lastRow = new Map<number, { tick: number; line: number }>();
  const rowRules: RowRules[] = [];
  const read = await readAllVms(facts, (vm) => {
    const rules = new RowRules(vm, log, facts.kills[vm]?.restarts);
    const vectorRules = vectors.forVm(vm);
    rowRules[vm] = rules;
    return (parsed) => {
      if (!parsed.ok) {
        rules.malformed(parsed);
        vectorRules.malformed();
        return;
      }
      rules.check(parsed.row);
      ledger.add(vm, parsed.row);
      vectorRules.check(parsed.row);
      lastRow.set(vm, { tick: parsed.row.tick, line: parsed.row.line });
    };
  });
  if (!read.ok) return read;
  const rows = read.vms.reduce((sum, vm) => sum + vm.csv.records, 0);
  if (rows === 0) return { ...noRowLogged(runDir, facts), runDir, rows, messages: 0, notes: csvNotes(read.vms) };
  vectors.audit();
  const lives = Array.from({ length: facts.machines }, (_, vm) =>
    lastLife(facts, vm, rowRules[vm]?.restarts ?? { lastRestart: null, restartsLeft: 0 }),
  );
  const rowNotes = rowRules.flatMap((rules) => rules.notes);
  const notes = [...csvNotes(read.vms), ...rowNotes, ...auditDeliveries(ledger, facts, lives, log)];
  for (const { vmId, csv } of read.vms) notes.push(...checkTickCount(facts, vmId, csv.records, lastRow.get(vmId), log));
  notes.sort((a, b) => a.vm - b.vm);

  const checked: Checked = { runDir, rows, messages: ledger.sendCount, notes };
  if (log.count === 0) return { ok: true, ...checked };
  return {
    ok: false,
    reason: 'violations',
    violations: log.list(),
    violationCount: log.count,
    countsByRule: log.countsByRule(),
    ...checked,
  };
}

function checkTickCount(
  facts: RunFacts,
  vm: number,
  ticks: number,
  last: { tick: number; line: number } | undefined,
  log: ViolationLog,
): CheckNote[] {
  const expected = expectedTicks(facts.clockRates[vm] ?? 0, facts.durationSeconds, facts.speed);
  const verdict = judgeTicks(ticks, expected);
  const manifestVm = facts.vms[vm];
  if (verdict === 'ok') return [];
  if (verdict === 'short' && manifestVm !== undefined && stoppedBeforeEnd(facts, manifestVm)) {
    // A run stopped by a signal owed only the ticks due before its stop: the kill cost what is missing of those.
    const due = ticksDue(facts.clockRates[vm] ?? 0, facts);
    const stop = facts.stoppedAtMs === undefined ? '' : `; the run was stopped by a signal at ${stopSeconds(facts)}`;
    if (wasKilled(facts, vm) && ticks < due) {
      const lost = `lost ${due - ticks} of its ${counted(due, 'tick')} to an injected kill (ran ${ticks})`;
      return [{ vm, text: `VM ${vm} ${lost}${stop}` }];
    }
    const why = `exit: ${manifestVm.exit}${manifestVm.stoppedEarly ? ', stopped early' : ''}, run ${facts.status}`;
    const dueBeforeStop =
      facts.stoppedAtMs === undefined ? '' : `, ${due} due before the stop at ${stopSeconds(facts)}`;
    return [
      { vm, text: `VM ${vm} ended early: ${counted(ticks, 'tick')} of ${expected} expected${dueBeforeStop} (${why})` },
    ];
  }
  log.add({
    rule: 'tick-count',
    vm,
    tick: last?.tick ?? null,
    line: last?.line ?? null,
    found: counted(ticks, 'tick'),
    expected: `${expected} +- ${tickTolerance(expected)} (clockRate ${facts.clockRates[vm]} x ${facts.durationSeconds} s)`,
  });
  return [];
}

/** `2.646 s of 10 s`: where a signal stopped the run. */
function stopSeconds(facts: RunFacts): string {
  return `${((facts.stoppedAtMs ?? 0) / 1000).toFixed(3)} s of ${facts.durationSeconds} s`;
}

function csvNotes(vms: readonly VmRead[]): CheckNote[] {
  return vms.flatMap(({ vmId, csv }): CheckNote[] => {
    if (csv.missing) return [{ vm: vmId, text: `vm-${vmId}.csv is missing` }];
    if (csv.cutTailBytes > 0) {
      return [{ vm: vmId, text: `vm-${vmId}.csv ends in a cut line (${counted(csv.cutTailBytes, 'byte')}), left out` }];
    }
    return [];
  });
}
