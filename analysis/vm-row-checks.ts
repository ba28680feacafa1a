/**
 * The check's rules that one VM's rows keep on their own, with its manifest entry: the row rules (row-rules.ts), no
 * tick past its stop (after-stop.ts), each row between its deadline and the run's end (tick-time.ts), and once the
 * file is read, the manifest's figures (manifest-figures.ts), the run's status on the VM it names (manifest-status.ts)
 * and the tick count (tick-count-note.ts). Everything but the rules that match messages across VMs (message-ledger.ts,
 * vector-rules.ts). checkRun runs them with those; analyzeRun and the export run them alone, in the one read of each CSV they make anyway, so that they can
 * say a folder fails check without reading it twice.
 */
import type { EventRow, RowParse } from '../run-folder/event-row.js';
import { hasRowsOnHost } from '../run-folder/rows-on-host.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import { AfterStop } from './after-stop.js';
import type { RestartsSeen } from './killed-lives.js';
import { RowAccount } from './manifest-figures.js';
import { manifestStatusFindings } from './manifest-status.js';
import { type DownSeen, DownTimeTally, downSpansOf } from './restart-downtime.js';
import { RowRules } from './row-rules.js';
import type { SkippedNumbers } from './send-numbering.js';
import { checkTickCount, killedByFault } from './tick-count-note.js';
import { TickTime } from './tick-time.js';
import type { CheckNote, ViolationLog } from './violation.js';

export class VmRowChecks {
  readonly #facts: RunFacts;
  readonly #vm: number;
  readonly #log: ViolationLog;
  readonly #rules: RowRules;
  readonly #account = new RowAccount();
  readonly #afterStop: AfterStop;
  readonly #tickTime: TickTime;
  readonly #down: DownTimeTally;

  constructor(facts: RunFacts, vm: number, log: ViolationLog) {
    this.#facts = facts;
    this.#vm = vm;
    this.#log = log;
    const entry = facts.vms[vm];
    const onHost = entry !== undefined && hasRowsOnHost(entry);
    const keptLives = (entry?.earlierRowsOnHost ?? []).map((rows) => rows.life);
    this.#rules = new RowRules(vm, log, facts.kills[vm]?.restarts, onHost, keptLives);
    this.#afterStop = new AfterStop(facts, vm, log);
    this.#tickTime = new TickTime(facts, vm, log);
    this.#down = new DownTimeTally(facts.clockRates[vm] ?? 0, downSpansOf(facts, vm));
  }

  malformed(parsed: Extract<RowParse, { ok: false }>): void {
    this.#rules.malformed(parsed);
    this.#account.malformed();
  }

  row(row: EventRow): void {
    this.#rules.check(row);
    this.#account.row(row);
    this.#afterStop.check(row);
    this.#tickTime.check(row);
    const { tick, line, elapsedMs } = row;
    this.#down.add(tick, elapsedMs * this.#facts.speed, { line, elapsedMs });
  }

  /** What the rows showed of the VM's restarts (killed-lives.ts). */
  get restarts(): RestartsSeen {
    return this.#rules.restarts;
  }

  /** The row last judged began a life numbered past kept rows (row-rules.ts): its own vector entry may jump. */
  get pastKeptRows(): boolean {
    return this.#rules.pastKeptRows;
  }

  /** Message numbers skipped past rows kept on the host (send-numbering.ts). */
  get skippedNumbers(): readonly SkippedNumbers[] {
    return this.#rules.skippedNumbers;
  }

  get downs(): DownSeen[] {
    return this.#down.seen;
  }

  /** The rows' own notes (a restart seen), as they streamed. */
  get notes(): CheckNote[] {
    return this.#rules.notes;
  }

  /** Once the file is read (`records`: its complete rows): the manifest's figures and the tick count, and its notes. */
  finish(records: number): CheckNote[] {
    const restarts = this.#rules.restarts;
    this.#account.judge(this.#facts, this.#vm, records, restarts, this.#log);
    // The run's findings are each on one VM: its reader adds them, so that every reader (check, analyze, export) has them.
    for (const finding of manifestStatusFindings(this.#facts)) if (finding.vm === this.#vm) this.#log.add(finding);
    const killed = killedByFault(this.#facts, this.#vm, restarts);
    const seen = { last: this.#account.lastRow, downs: this.#down.seen, killed };
    return checkTickCount(this.#facts, this.#vm, records, seen, this.#log);
  }
}
