/**
 * The vector clock rules, for runs whose CSVs have the vector_clock column (older runs have none: nothing to check).
 * Each VM's own rows: every event raises its own entry by 1 (vector-own), and a send or internal event changes no
 * other entry (vector-local). Each receive against its send: the other entries are max(previous, sent)
 * (vector-receive), and the send's vector is below the receive's (vector-order).
 *
 * Memory: rows stream past, one previous vector per VM. What must wait for another file is packed in a VectorArena:
 * each send's vector (4 x machines bytes) until the receives of it are judged, and, for a receive read before its
 * sender's file, its previous and new vectors (8 x machines bytes) plus a small record. So the cost grows with the
 * messages, like the message ledger's, never with every row: a million-row, 64-VM run with 300,000 messages holds
 * about 77 MB of send vectors (plus the deferred receives), not a million 64-entry vectors.
 */
import type { EventRow } from '../run-folder/event-row.js';
import { vectorText } from '../run-folder/vector-text.js';
import type { MessageLedger } from './message-ledger.js';
import { VectorArena } from './vector-arena.js';
import type { ViolationLog } from './violation.js';

type ReceiveRow = Extract<EventRow, { event: 'receive' }>;
/** A receive whose sender's file is read later: its previous vector (-1: unknown) and its own, as arena indexes. */
type Deferred = { vm: number; tick: number; line: number; from: number; seq: number; previous: number; now: number };

export class VectorRules {
  readonly #machines: number;
  readonly #log: ViolationLog;
  readonly #ledger: MessageLedger;
  readonly #arena: VectorArena;
  /** #sendVector[sender][n] is the arena index of the vector of `<sender>-<n>`. */
  readonly #sendVector: number[][] = [];
  readonly #deferred: Deferred[] = [];
  /** VMs whose rows have started; files are read one after another, so all but the latest are complete. */
  readonly #started = new Set<number>();

  constructor(machines: number, log: ViolationLog, ledger: MessageLedger) {
    this.#machines = machines;
    this.#log = log;
    this.#ledger = ledger;
    this.#arena = new VectorArena(machines);
  }

  /**
   * Call as VM `vm`'s file starts; gives the handlers for its rows (after the row rules and the ledger saw them).
   * `check` takes the row's vector as parseRow read it (read-run.ts), copied here: the caller reuses its array.
   */
  forVm(vm: number): {
    check: (row: EventRow, vector: Uint32Array, pastKeptRows?: boolean) => void;
    malformed: () => void;
  } {
    this.#started.add(vm);
    let previous = new Uint32Array(this.#machines);
    let now = new Uint32Array(this.#machines);
    // False after a malformed row: the next row is taken as it is, not judged against a guess.
    let known = true;
    const check = (row: EventRow, vector: Uint32Array, pastKeptRows = false) => {
      if (row.vectorClock === undefined) return;
      now.set(vector);
      if (known) this.#ownRules(row, vm, previous, now, pastKeptRows);
      if (row.event === 'send' && this.#ledger.send(vm, row.seq)?.line === row.line) {
        const bySeq = this.#sendVector[vm] ?? [];
        this.#sendVector[vm] = bySeq;
        bySeq[row.seq] = this.#arena.add(now);
      } else if (row.event === 'receive' && this.#ledger.receive(row.msgId, vm)?.line === row.line) {
        this.#receive(row, vm, known ? previous : null, now);
      }
      const swap = previous;
      previous = now;
      now = swap;
      known = true;
    };
    return { check, malformed: () => (known = false) };
  }

  /** Judges the receives that were read before their sender's file. */
  audit(): void {
    for (const d of this.#deferred) {
      const previous = d.previous < 0 ? null : this.#arena.get(d.previous);
      this.#judgeReceive(d, previous, this.#arena.get(d.now));
    }
  }

  /** `pastKeptRows`: the row began a life numbered past rows kept on the host (row-rules.ts): its entry may jump. */
  #ownRules(row: EventRow, vm: number, previous: Uint32Array, now: Uint32Array, pastKeptRows: boolean): void {
    const own = (previous[vm] ?? 0) + 1;
    const ownOk = pastKeptRows ? (now[vm] ?? 0) >= own : now[vm] === own;
    const expected = `${previous[vm]} + 1 = ${own}${pastKeptRows ? ' or more (past rows kept on its host)' : ''}`;
    if (!ownOk) this.#fail(row, vm, 'vector-own', `entry ${vm} = ${now[vm]}`, expected);
    if (row.event === 'receive') return;
    let same = true;
    for (let k = 0; k < now.length; k++) if (k !== vm && previous[k] !== now[k]) same = false;
    if (!same) {
      const changed = [...now.keys()].filter((k) => k !== vm && previous[k] !== now[k]);
      const found = `${vectorText(now)} after ${vectorText(previous)} on ${row.event === 'send' ? 'a' : 'an'} ${row.event}`;
      this.#fail(row, vm, 'vector-local', found, `entries ${changed.join(', ')} unchanged`);
    }
  }

  #receive(row: ReceiveRow, vm: number, previous: Uint32Array | null, now: Uint32Array): void {
    const at = { vm, tick: row.tick, line: row.line, from: row.from, seq: row.seq };
    if (this.#sendVector[row.from]?.[row.seq] !== undefined) this.#judgeReceive(at, previous, now);
    else if (!this.#started.has(row.from)) {
      const kept = previous === null ? -1 : this.#arena.add(previous);
      this.#deferred.push({ ...at, previous: kept, now: this.#arena.add(now) });
    }
    // Otherwise the sender's file is read and holds no vector for this message: the audit names a missing send.
  }

  #judgeReceive(r: Omit<Deferred, 'previous' | 'now'>, previous: Uint32Array | null, now: Uint32Array): void {
    const index = this.#sendVector[r.from]?.[r.seq];
    const send = this.#ledger.send(r.from, r.seq);
    // A receive of a message never sent to this VM is an unknown-message finding; there is nothing to compare with.
    if (index === undefined || send === undefined || !send.to.includes(r.vm)) return;
    const sent = this.#arena.get(index);
    // One pass without allocating: the findings' text is built only when there is one.
    let below = true;
    let equal = true;
    let merged = true;
    for (let k = 0; k < sent.length; k++) {
      const s = sent[k] ?? 0;
      const n = now[k] ?? 0;
      if (s > n) below = false;
      if (s !== n) equal = false;
      if (previous !== null && k !== r.vm && n !== Math.max(previous[k] ?? 0, s)) merged = false;
    }
    const where = `vm-${r.from}.csv line ${send.line}`;
    const fail = (rule: 'vector-order' | 'vector-receive', found: string, expected: string) =>
      this.#log.add({ rule, vm: r.vm, tick: r.tick, line: r.line, found, expected });
    // As with the Lamport clocks, causality itself first: a receive not after its send is that, whatever else.
    if (!below || equal) {
      fail('vector-order', `${vectorText(now)}, sent ${vectorText(sent)} (${where})`, "the send's vector below it");
    } else if (!merged && previous !== null) {
      const expected = previous.map((entry, k) => (k === r.vm ? entry + 1 : Math.max(entry, sent[k] ?? 0)));
      const why = `max(previous ${vectorText(previous)}, sent ${vectorText(sent)} at ${where})`;
      fail('vector-receive', vectorText(now), `${vectorText(expected)}: ${why}, own entry + 1`);
    }
  }

  #fail(row: EventRow, vm: number, rule: 'vector-own' | 'vector-local', found: string, expected: string) {
    this.#log.add({ rule, vm, tick: row.tick, line: row.line, found, expected });
  }
}
