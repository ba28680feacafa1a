/**
 * checkRun: does a run folder tell a consistent Lamport story, and (when the CSVs have the vector_clock column) a
 * consistent vector clock one? Streams each VM's CSV once (row rules as it goes, no tick past the VM's stop:
 * after-stop.ts, each row's time between its deadline and the run's end: tick-time.ts), then matches messages
 * across VMs and checks the tick counts and the manifest's own figures (manifest-figures.ts). Memory grows with the
 * number of messages (they must be matched across files), not with the number of rows: see vector-rules.ts for what
 * the vectors add.
 */

import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import { readAllVms, type VmRead } from '../run-folder/read-run.js';
import { hasRowsOnHost, rowsOnHostLines } from '../run-folder/rows-on-host.js';
import { type RunFacts, readRunManifest } from '../run-folder/run-manifest.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { counted } from '../shared/counted.js';
import { AfterStop } from './after-stop.js';
import { clockDriftNotes } from './clock-drift-notes.js';
import { auditDeliveries } from './delivery-audit.js';
import { lastLife } from './killed-lives.js';
import { lateFaultNotes } from './late-fault-notes.js';
import { linkDownNote } from './link-down-note.js';
import { RowAccount } from './manifest-figures.js';
import { MessageLedger } from './message-ledger.js';
import { DownTimeTally, downSpansOf } from './restart-downtime.js';
import { RowRules } from './row-rules.js';
import { checkTickCount, killedByFault } from './tick-count-note.js';
import { TickTime } from './tick-time.js';
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
  const rowRules: RowRules[] = [];
  const downs: DownTimeTally[] = [];
  const accounts: RowAccount[] = [];
  const read = await readAllVms(facts, (vm) => {
    const onHost = facts.vms[vm] !== undefined && hasRowsOnHost(facts.vms[vm]);
    const rules = new RowRules(vm, log, facts.kills[vm]?.restarts, onHost);
    const vectorRules = vectors.forVm(vm);
    const down = new DownTimeTally(facts.clockRates[vm] ?? 0, downSpansOf(facts, vm));
    const account = new RowAccount();
    const afterStop = new AfterStop(facts, vm, log);
    const tickTime = new TickTime(facts, vm, log);
    rowRules[vm] = rules;
    downs[vm] = down;
    accounts[vm] = account;
    return (parsed) => {
      if (!parsed.ok) {
        rules.malformed(parsed);
        vectorRules.malformed();
        account.malformed();
        return;
      }
      rules.check(parsed.row);
      account.row(parsed.row);
      afterStop.check(parsed.row);
      tickTime.check(parsed.row);
      ledger.add(vm, parsed.row);
      vectorRules.check(parsed.row);
      const { tick, line, elapsedMs } = parsed.row;
      down.add(tick, elapsedMs * facts.speed, { line, elapsedMs });
    };
  });
  if (!read.ok) return read;
  const rows = read.vms.reduce((sum, vm) => sum + vm.csv.records, 0);
  if (rows === 0) {
    const notes = [...csvNotes(read.vms), ...rowsOnHostNotes(facts)];
    return { ...noRowLogged(runDir, facts), runDir, rows, messages: 0, notes };
  }
  vectors.audit();
  const lives = Array.from({ length: facts.machines }, (_, vm) =>
    lastLife(facts, vm, rowRules[vm]?.restarts ?? { lastRestart: null, restartsLeft: 0 }, downs[vm]?.seen ?? []),
  );
  const rowNotes = rowRules.flatMap((rules) => rules.notes);
  const notes = [
    ...csvNotes(read.vms),
    ...rowNotes,
    ...auditDeliveries(ledger, facts, lives, log),
    ...linkDownNote(facts),
    ...rowsOnHostNotes(facts),
    ...clockDriftNotes(facts),
    ...(await lateFaultNotes(facts)),
  ];
  for (const { vmId, csv } of read.vms) {
    accounts[vmId]?.judge(facts, vmId, csv.records, rowRules[vmId]?.restarts, log);
    const killed = killedByFault(facts, vmId, rowRules[vmId]?.restarts);
    const seen = { last: accounts[vmId]?.lastRow, downs: downs[vmId]?.seen ?? [], killed };
    notes.push(...checkTickCount(facts, vmId, csv.records, seen, log));
  }
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

function csvNotes(vms: readonly VmRead[]): CheckNote[] {
  return vms.flatMap(({ vmId, csv }): CheckNote[] => {
    if (csv.missing) return [{ vm: vmId, text: `vm-${vmId}.csv is missing` }];
    if (csv.cutTailBytes > 0) {
      return [{ vm: vmId, text: `vm-${vmId}.csv ends in a cut line (${counted(csv.cutTailBytes, 'byte')}), left out` }];
    }
    return [];
  });
}

/**
 * Where a VM's rows that never reached the run folder stay (the manifest's rowsOnHost and earlierRowsOnHost): its CSV
 * here lacks them.
 */
function rowsOnHostNotes(facts: RunFacts): CheckNote[] {
  return facts.vms.flatMap((vm) => rowsOnHostLines(vm).map((text) => ({ vm: vm.id, text })));
}
