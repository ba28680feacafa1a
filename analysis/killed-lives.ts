/**
 * Which copies a kill can account for. A VM killed by an injected fault loses what it held: copies in its queues or
 * in flight to it, and the copies of its last sends that had not left when it died. A restarted VM's new life is
 * another matter: from its first row it is linked to every peer again, and what it sends or is sent from then on
 * must be received, pending or dropped like any copy between VMs that stopped cleanly.
 *
 * So a copy nowhere is lost with a kill when its sender's life that sent it ended by a kill (its row comes before the
 * sender's last life), or it was sent to a life of its recipient that ended by a kill (before the recipient's last
 * life began: its first row, judged on one host's clock within the tolerance of receive-time.ts; across hosts the
 * clocks are not compared, so any copy to a VM killed once is). A VM whose last life itself did not end cleanly (a
 * crash, a kill without restart, a restart whose life never logged a row) accounts for every copy to or from it.
 *
 * Where the last life begins: the first row past its restart as the manifest records it (restart-downtime.ts), so
 * a restart that kept the clock and skipped no tick (back before its next deadline) is told apart too; in an older
 * manifest, where the rows show it (tick-numbering.ts), and a restart they do not show leaves the lives one.
 */
import { type RunFacts, wasKilled } from '../run-folder/run-facts.js';
import type { SendRecord } from './message-ledger.js';
import { sameHostToleranceMs } from './receive-time.js';
import type { DownSeen } from './restart-downtime.js';

/** The row a restarted VM's life began at (its line in the CSV and elapsed_ms). */
export type LifeStart = { line: number; elapsedMs: number };

/** A VM's last life: it ended cleanly, from `from` on (null: the whole file); or 'lost', it did not. */
export type LastLife = { from: LifeStart | null } | 'lost';

/** What the row rules saw of a VM's restarts: the last one's first row, and how many allowed restarts never showed. */
export type RestartsSeen = { lastRestart: LifeStart | null; restartsLeft: number };

export function lastLife(facts: RunFacts, vm: number, seen: RestartsSeen, downs: readonly DownSeen[] = []): LastLife {
  if (facts.vms[vm]?.exit !== 'done') return 'lost';
  if (!wasKilled(facts, vm)) return { from: null };
  // The manifest says when each restart was: the last life began at the first row past it, tick gap or not.
  if (facts.vms[vm]?.restarts !== undefined) {
    const from = downs.at(-1)?.firstRow;
    return from === undefined || from === null ? 'lost' : { from };
  }
  // Killed and restarted, but the new life is not in the file: where the lost life ends is unknown.
  if (seen.lastRestart === null || seen.restartsLeft > 0) return 'lost';
  return { from: seen.lastRestart };
}

/**
 * The VMs whose lives account for the copy of `send` to `to` that is nowhere, or none when no kill or unclean end
 * does: the sender's life that sent it, the recipient's it was sent to, or both (either may have taken it).
 */
export function lostWithKill(send: SendRecord, to: number, lives: readonly LastLife[], facts: RunFacts): number[] {
  const sender = lives[send.vm] ?? 'lost';
  const recipient = lives[to] ?? 'lost';
  const bySender = sender === 'lost' || (sender.from !== null && send.line < sender.from.line);
  const byRecipient =
    recipient === 'lost' || (recipient.from !== null && sentBeforeLife(send, to, recipient.from, facts));
  return [...(bySender ? [send.vm] : []), ...(byRecipient ? [to] : [])];
}

/** Whether `send` came before the life of `to` that began at `from` (across hosts, clocks are not compared: yes). */
function sentBeforeLife(send: SendRecord, to: number, from: LifeStart, facts: RunFacts): boolean {
  if (facts.vms[send.vm]?.host !== facts.vms[to]?.host) return true;
  return send.elapsedMs < from.elapsedMs + sameHostToleranceMs(facts, from.elapsedMs);
}
