/**
 * Every message the CSVs mention, matched up across VMs. Sends are filed by sender and number (ids are
 * `<sender>-<n>` with n counting from 1); receives by `<msg_id>><recipient>`, the same key the manifest uses for
 * dropped copies. Per-link FIFO and duplicate receives are checked as each recipient's rows stream in, since its
 * receives arrive in its own order.
 */
import type { EventRow } from '../run-folder/event-row.js';
import type { ViolationLog } from './violation.js';

export type SendRecord = {
  vm: number;
  tick: number;
  line: number;
  clock: number;
  elapsedMs: number;
  to: readonly number[];
  msgId: string;
};
export type ReceiveRecord = {
  vm: number;
  tick: number;
  line: number;
  clock: number;
  elapsedMs: number;
  msgClock: number;
  sender: number;
  seq: number;
  msgId: string;
};

export const copyKey = (msgId: string, recipient: number): string => `${msgId}>${recipient}`;

/** The recipient a copy key (copyKey: `<msgId>><recipient>`, as the manifest lists drops) names. */
export const copyRecipient = (key: string): number => Number(key.slice(key.lastIndexOf('>') + 1));

export class MessageLedger {
  readonly #log: ViolationLog;
  /** #sends[sender][n] is the send of `<sender>-<n>`. */
  readonly #sends: (SendRecord | undefined)[][] = [];
  readonly #receives = new Map<string, ReceiveRecord>();
  /** Highest n received so far per link `<sender>><recipient>`. */
  readonly #lastOnLink = new Map<string, number>();
  #sendCount = 0;

  constructor(log: ViolationLog) {
    this.#log = log;
  }

  add(vm: number, row: EventRow): void {
    if (row.event === 'send') this.#addSend(vm, row);
    else if (row.event === 'receive') this.#addReceive(vm, row);
  }

  /** Send events filed (one per message id, whatever the number of recipients). */
  get sendCount(): number {
    return this.#sendCount;
  }

  send(sender: number, seq: number): SendRecord | undefined {
    return this.#sends[sender]?.[seq];
  }

  /** The highest message number a sender's CSV shows (0 for none): later ones may have been lost with a cut CSV. */
  lastSeq(sender: number): number {
    return Math.max(0, (this.#sends[sender]?.length ?? 1) - 1);
  }

  receive(msgId: string, recipient: number): ReceiveRecord | undefined {
    return this.#receives.get(copyKey(msgId, recipient));
  }

  *sends(): Generator<SendRecord> {
    for (const bySeq of this.#sends) for (const send of bySeq ?? []) if (send !== undefined) yield send;
  }

  receives(): IterableIterator<ReceiveRecord> {
    return this.#receives.values();
  }

  #addSend(vm: number, row: Extract<EventRow, { event: 'send' }>): void {
    const bySeq = this.#sends[vm] ?? [];
    this.#sends[vm] = bySeq;
    // A reused number is a msg-id-sequence finding (send-numbering.ts); the first send keeps the id.
    if (bySeq[row.seq] === undefined) {
      this.#sendCount += 1;
      const { tick, line, clock, elapsedMs, to, msgId } = row;
      bySeq[row.seq] = { vm, tick, line, clock, elapsedMs, to, msgId };
    }
  }

  #addReceive(vm: number, row: Extract<EventRow, { event: 'receive' }>): void {
    const key = copyKey(row.msgId, vm);
    const earlier = this.#receives.get(key);
    if (earlier !== undefined) {
      this.#log.add({
        rule: 'exactly-once',
        vm,
        tick: row.tick,
        line: row.line,
        found: `${row.msgId} received again (first at line ${earlier.line})`,
        expected: 'each copy received at most once',
      });
      return;
    }
    const { tick, line, clock, elapsedMs, msgClock, seq, msgId } = row;
    this.#receives.set(key, { vm, tick, line, clock, elapsedMs, msgClock, sender: row.from, seq, msgId });
    const link = `${row.from}>${vm}`;
    const last = this.#lastOnLink.get(link) ?? 0;
    if (seq < last) {
      this.#log.add({
        rule: 'fifo-link',
        vm,
        tick,
        line,
        found: `${msgId} received after ${row.from}-${last}`,
        expected: `messages from VM ${row.from} in the order sent`,
      });
    } else this.#lastOnLink.set(link, seq);
  }
}
