/**
 * Messages sent in rows that stay on a VM's host (the manifest's earlierRowsOnHost: an earlier life's rows that
 * could not be fetched before its restart). Their sends are not in the run folder's CSV, so a receive, a pending or a
 * dropped copy of one matches no send; the restarted life numbered its own sends past them (send-numbering.ts
 * records the numbers it skipped), so a message numbered among those skipped numbers, with no send row, is one of
 * theirs: unknown here for a named cause, counted in a note per VM, not an unknown-message violation.
 */
import type { RunFacts } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import type { MessageLedger } from './message-ledger.js';
import type { SkippedNumbers } from './send-numbering.js';
import type { CheckNote } from './violation.js';

export class KeptSends {
  readonly #ledger: MessageLedger;
  readonly #skipped: (vm: number) => readonly SkippedNumbers[];
  /** Per sender, per life whose rows stay: the copies (receives and list entries) taken as theirs. */
  readonly #taken = new Map<number, Map<number, number>>();

  constructor(ledger: MessageLedger, skipped: (vm: number) => readonly SkippedNumbers[]) {
    this.#ledger = ledger;
    this.#skipped = skipped;
  }

  /** Whether `<sender>-<seq>` is a message of rows kept on the sender's host (then counted). */
  took(sender: number, seq: number): boolean {
    if (this.#ledger.send(sender, seq) !== undefined) return false;
    const range = this.#skipped(sender).find((numbers) => seq >= numbers.from && seq <= numbers.to);
    if (range === undefined) return false;
    const lives = this.#taken.get(sender) ?? new Map<number, number>();
    this.#taken.set(sender, lives);
    lives.set(range.life, (lives.get(range.life) ?? 0) + 1);
    return true;
  }

  /** `VM 1's life 1 sent 4 copies ... in rows that stay on host h2 in FILE: ...`, one per life. */
  notes(facts: RunFacts): CheckNote[] {
    return [...this.#taken].flatMap(([vm, lives]) =>
      [...lives].map(([life, n]) => {
        const record = facts.vms[vm]?.earlierRowsOnHost?.find((rows) => rows.life === life);
        const where = record === undefined ? 'on its host' : `on host ${record.host} in ${record.file}`;
        const copies = `${counted(n, 'copy', 'copies')} received, pending or dropped`;
        return {
          vm,
          text: `VM ${vm}'s life ${life} sent ${copies} in rows that stay ${where}: their sends are not in vm-${vm}.csv, so they are not matched (its life ${life + 1} numbered its own past them)`,
        };
      }),
    );
  }
}
