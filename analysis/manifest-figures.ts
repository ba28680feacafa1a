/**
 * manifest-figures: a VM's own accounting in the manifest (ticks, sent, received, finalClock, maxJump, maxQueue) is
 * what its rows say.
 * Every launcher and the sim write either the VM's own report, which counts every life it had (a restarted VM's
 * first life added, its message ids and clock carried on), or figures rebuilt from its rows (a VM killed, dead or
 * lost): so its complete rows are its ticks, its send and receive rows its sends and receives, and its last row's
 * clock its final clock, and the highest jump and queue_len of its rows its maxJump and maxQueue (each life's rows are
 * in the one CSV, and a restarted VM's figures take the highest over its lives), however the run ended. A row that does not parse may have been any row the VM logged (one
 * mangled by hand) or none (a line pasted in), as the row rules take it: each widens the counts it could have held
 * by one, the highest jump and queue_len may have been its own (so the manifest's may be higher, never lower), and one
 * last in the file leaves the final clock unknown. A restart whose life logged no row leaves the
 * clock at 0 when it resets: that final clock is allowed too.
 */
import type { EventRow } from '../run-folder/event-row.js';
import type { RunFacts, VmAccount } from '../run-folder/run-facts.js';
import { vmEndRecordName } from '../run-folder/vm-end-record-name.js';
import type { RestartsSeen } from './killed-lives.js';
import type { ViolationLog } from './violation.js';

/** The fields of a VM's last good row that the checks read. */
export type LastRow = Pick<EventRow, 'tick' | 'line' | 'elapsedMs' | 'clock'>;

/** What one VM's rows count, as the CSV streams, and its last good row (the tick count's note reads it too). */
export class RowAccount {
  #sends = 0;
  #receives = 0;
  #badRows = 0;
  #maxJump = 0;
  #maxQueue = 0;
  #lastRow: LastRow | undefined = undefined;
  /** A malformed row came after the last good one: the final clock is unknown. */
  #malformedLast = false;

  row(row: EventRow): void {
    if (row.event === 'send') this.#sends += 1;
    if (row.event === 'receive') this.#receives += 1;
    this.#maxJump = Math.max(this.#maxJump, row.jump);
    this.#maxQueue = Math.max(this.#maxQueue, row.queueLen);
    const { tick, line, elapsedMs, clock } = row;
    this.#lastRow = { tick, line, elapsedMs, clock };
    this.#malformedLast = false;
  }

  malformed(): void {
    this.#badRows += 1;
    this.#malformedLast = true;
  }

  /** The last row that parsed, whatever came after it; undefined when none did. */
  get lastRow(): LastRow | undefined {
    return this.#lastRow;
  }

  /** Holds VM `vm`'s manifest figures to its `records` complete rows and what they counted. */
  judge(facts: RunFacts, vm: number, records: number, seen: RestartsSeen | undefined, log: ViolationLog): void {
    const recorded = facts.vms[vm]?.figures;
    if (recorded === undefined) return;
    const file = `vm-${vm}.csv`;
    // By hand each VM's accounting is in its own vm-K.json (run-folder/by-hand-run.ts); where its launcher died, in the
    // end record it wrote (run-folder/vm-end-record.ts).
    const record =
      facts.byHand !== undefined
        ? `vm-${vm}.json`
        : facts.launcherDied !== undefined
          ? vmEndRecordName(vm)
          : 'manifest.json';
    const unsure = this.#badRows;
    // Rows that parsed count `least`; each malformed one may have been one more.
    const differs = (field: keyof VmAccount, least: number, what: string) => {
      const value = recorded[field];
      if (value >= least && value <= least + unsure) return;
      const range = unsure === 0 ? `${least}` : `${least}..${least + unsure} (with ${unsure} malformed)`;
      const found = `${field} ${value} in ${record}`;
      log.add({ rule: 'manifest-figures', vm, tick: null, line: null, found, expected: `${range}, ${what}` });
    };
    differs('ticks', records - unsure, `the rows of ${file}`);
    differs('sent', this.#sends, `the send rows of ${file}`);
    differs('received', this.#receives, `the receive rows of ${file}`);
    // A malformed row may have held a higher one, the manifest's then above the good rows' (a pasted line held none).
    const highest = (field: 'maxJump' | 'maxQueue', rows: number, what: string) => {
      const value = recorded[field];
      if (unsure === 0 ? value === rows : value >= rows) return;
      const least = unsure === 0 ? `${rows}` : `at least ${rows} (with ${unsure} malformed)`;
      const found = `${field} ${value} in ${record}`;
      log.add({ rule: 'manifest-figures', vm, tick: null, line: null, found, expected: `${least}, ${what}` });
    };
    highest('maxJump', this.#maxJump, `the highest jump of the rows of ${file}`);
    highest('maxQueue', this.#maxQueue, `the highest queue_len of the rows of ${file}`);
    const last = this.#lastRow;
    if (this.#malformedLast || (recorded.finalClock === 0 && resetUnseen(facts, vm, seen))) return;
    const what = last === undefined ? `no row in ${file}` : `the clock of its last row (line ${last.line})`;
    // One value, not a range: the last row parsed.
    if (recorded.finalClock !== (last?.clock ?? 0)) {
      log.add({
        ...{ rule: 'manifest-figures', vm, tick: null, line: null },
        ...{ found: `finalClock ${recorded.finalClock} in ${record}`, expected: `${last?.clock ?? 0}, ${what}` },
      });
    }
  }
}

/** Whether a restart the rows never showed (its life logged no row, or came back before a tick) reset the clock. */
function resetUnseen(facts: RunFacts, vm: number, seen: RestartsSeen | undefined): boolean {
  const restarts = facts.kills[vm]?.restarts ?? [];
  const left = seen?.restartsLeft ?? restarts.length;
  return left > 0 && restarts.slice(restarts.length - left).includes('reset');
}
