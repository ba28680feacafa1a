/**
 * checkRun: does a run folder tell a consistent Lamport story, and (when the CSVs have the vector_clock column) a
 * consistent vector clock one? Streams each VM's CSV once (the rules its rows keep on their own as it goes, and its
 * manifest figures and tick count once read: vm-row-checks.ts), and matches messages across VMs. Memory grows with the
 * number of messages (they must be matched across files), not with the number of rows: see vector-rules.ts for what
 * the vectors add. A folder of VMs run by hand has no manifest: their vm-K.json files stand in for it
 * (run-folder/by-hand-run.ts), and the result says what they could not tell.
 */

import { readByHandRun } from '../run-folder/by-hand-run.js';
import { type NoRowLogged, noRowLogged } from '../run-folder/no-row-logged.js';
import { readAllVms, type VmRead } from '../run-folder/read-run.js';
import { rowsOnHostLines } from '../run-folder/rows-on-host.js';
import type { LauncherEnd, RunFacts } from '../run-folder/run-facts.js';
import { type ReadManifestResult, readRunManifest } from '../run-folder/run-manifest.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { counted } from '../shared/counted.js';
import { clockDriftNotes } from './clock-drift-notes.js';
import { auditDeliveries } from './delivery-audit.js';
import { lastLife } from './killed-lives.js';
import { lateFaultNotes } from './late-fault-notes.js';
import { linkDownNote } from './link-down-note.js';
import { MessageLedger } from './message-ledger.js';
import { VectorRules } from './vector-rules.js';
import { type CheckNote, type RuleName, type Violation, ViolationLog } from './violation.js';
import { VmRowChecks } from './vm-row-checks.js';

/**
 * `byHand`: a folder of VMs run by hand, checked with their vm-K.json files: what those could not tell.
 * `launcherDied`: a run whose launcher died before its manifest, checked with its start record: what was not judged.
 */
type Checked = {
  runDir: string;
  rows: number;
  messages: number;
  notes: CheckNote[];
  byHand?: { unjudged: string[] };
  launcherDied?: { pid: number; how: LauncherEnd; unjudged: string[] };
};

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
  const manifest = await readCheckedRun(runDir);
  if (!manifest.ok) return manifest;
  const facts = manifest.facts;
  const byHand = {
    ...(facts.byHand === undefined ? {} : { byHand: facts.byHand }),
    ...(facts.launcherDied === undefined ? {} : { launcherDied: facts.launcherDied }),
  };
  const log = new ViolationLog();
  const ledger = new MessageLedger(log);
  const vectors = new VectorRules(facts.machines, log, ledger);
  const checks: VmRowChecks[] = [];
  const read = await readAllVms(facts, (vm) => {
    const own = new VmRowChecks(facts, vm, log);
    const vectorRules = vectors.forVm(vm);
    checks[vm] = own;
    return (parsed, vector) => {
      if (!parsed.ok) {
        own.malformed(parsed);
        vectorRules.malformed();
        return;
      }
      own.row(parsed.row);
      ledger.add(vm, parsed.row);
      vectorRules.check(parsed.row, vector, own.pastKeptRows);
    };
  });
  if (!read.ok) return read;
  const rows = read.vms.reduce((sum, vm) => sum + vm.csv.records, 0);
  if (rows === 0) {
    const notes = [...csvNotes(read.vms), ...rowsOnHostNotes(facts)];
    return { ...noRowLogged(runDir, facts), runDir, rows, messages: 0, notes, ...byHand };
  }
  vectors.audit();
  const lives = Array.from({ length: facts.machines }, (_, vm) =>
    lastLife(facts, vm, checks[vm]?.restarts ?? { lastRestart: null, restartsLeft: 0 }, checks[vm]?.downs ?? []),
  );
  const rowNotes = checks.flatMap((own) => own.notes);
  const notes = [
    ...csvNotes(read.vms),
    ...rowNotes,
    ...auditDeliveries(ledger, facts, lives, log, (vm) => checks[vm]?.skippedNumbers ?? []),
    ...linkDownNote(facts),
    ...rowsOnHostNotes(facts),
    ...clockDriftNotes(facts),
    ...(await lateFaultNotes(facts)),
  ];
  for (const { vmId, csv } of read.vms) notes.push(...(checks[vmId]?.finish(csv.records) ?? []));
  notes.sort((a, b) => a.vm - b.vm);

  const checked: Checked = { runDir, rows, messages: ledger.sendCount, notes, ...byHand };
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

/** The manifest; without one, the vm-K.json files VMs run by hand left, when there are some. */
async function readCheckedRun(runDir: string): Promise<ReadManifestResult> {
  const manifest = await readRunManifest(runDir);
  if (manifest.ok || manifest.problem !== 'manifest-missing') return manifest;
  return (await readByHandRun(runDir)) ?? manifest;
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
