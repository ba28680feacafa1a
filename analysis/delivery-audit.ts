/**
 * The cross-VM rules, once every CSV is read: each receive matches a send to that VM at a lower clock, and each
 * copy sent is accounted for exactly once (received, pending at the recipient's stop, or dropped by the sender).
 *
 * A kill loses what the killed life held: a copy that is nowhere is counted in a note, not reported as a violation,
 * when a life that a kill or crash ended sent it or was sent it (killed-lives.ts); one between lives that stopped
 * cleanly, a restarted VM's new life included, is a violation. A VM that did not stop cleanly (manifest exit other
 * than 'done', or killed by an injected fault) may also have sent messages its cut CSV never logged: receives of them
 * are counted in a note too, as are messages numbered where a restarted life skipped past rows its earlier life left
 * on its host (kept-sends.ts): sent in those rows, unknown here. So are copies that are nowhere on a link its recipient recorded as ended without its end
 * marker (a sender paused across the stop, given up on): they were lost with that link.
 */
import { parseMsgId } from '../run-folder/message-fields.js';
import { injectedKillExit } from '../run-folder/run-ending.js';
import { type RunFacts, wasKilled } from '../run-folder/run-facts.js';
import { counted } from '../shared/counted.js';
import { printable } from '../shared/printable-text.js';
import { isRowsKeptExit } from '../shared/rows-kept-exit.js';
import { type UnendedLink, unendedText } from '../shared/unended-links.js';
import { vmList } from '../shared/vm-list.js';
import { KeptSends } from './kept-sends.js';
import { type LastLife, lostWithKill } from './killed-lives.js';
import { copyKey, type MessageLedger, type ReceiveRecord } from './message-ledger.js';
import { judgeReceiveTime } from './receive-time.js';
import type { SkippedNumbers } from './send-numbering.js';
import type { CheckNote, ViolationLog } from './violation.js';

/** `<msg_id>><recipient>` -> the VM whose manifest entry lists it. */
type Listed = Map<string, number>;

export function auditDeliveries(
  ledger: MessageLedger,
  facts: RunFacts,
  lives: readonly LastLife[],
  log: ViolationLog,
  skipped: (vm: number) => readonly SkippedNumbers[] = () => [],
): CheckNote[] {
  const died = (vm: number) => facts.vms[vm]?.exit !== 'done' || wasKilled(facts, vm);
  const untraced = new Map<number, number>();
  /**
   * `<the VMs whose lives may have taken them>` -> the copies lost so, and their recipients: one line per kill (a
   * broadcast cut by one kill was a line per recipient, past the lines `launcher run` shows at 13 VMs).
   */
  const lost = new Map<string, { copies: number; to: Set<number> }>();
  /** `<sender>><recipient>` -> how the recipient recorded that link ending without its end marker. */
  const unended = new Map<string, { to: number; link: UnendedLink }>(
    facts.vms.flatMap((vm) => vm.unendedLinks.map((link) => [`${link.from}>${vm.id}`, { to: vm.id, link }])),
  );
  const lostOnLink = new Map<string, number>();
  const unaccounted = new Set(facts.launcherDied?.unaccounted ?? []);
  const bump = (counts: Map<number, number>, vm: number) => counts.set(vm, (counts.get(vm) ?? 0) + 1);
  /** A message numbered past the last send a dead VM's CSV kept: its row may have died with it. */
  const lostWithSender = (sender: number, seq: number) => died(sender) && seq > ledger.lastSeq(sender);
  const kept = new KeptSends(ledger, skipped);

  for (const receive of ledger.receives()) {
    if (lostWithSender(receive.sender, receive.seq)) bump(untraced, receive.sender);
    else if (!kept.took(receive.sender, receive.seq)) matchReceive(ledger, receive, facts, log);
  }

  const pending: Listed = new Map(facts.vms.flatMap((vm) => vm.pendingAtStop.map((id) => [copyKey(id, vm.id), vm.id])));
  const dropped: Listed = new Map(facts.vms.flatMap((vm) => vm.dropped.map((key) => [key, vm.id])));
  for (const send of ledger.sends()) {
    for (const to of send.to) {
      const key = copyKey(send.msgId, to);
      const receive = ledger.receive(send.msgId, to);
      const where: string[] = [];
      if (receive !== undefined) where.push(`received at vm-${to}.csv line ${receive.line}`);
      // Matched entries leave the lists, so that what remains afterwards matched no send.
      if (pending.delete(key)) where.push(`pending at VM ${to}`);
      if (dropped.delete(key)) where.push('dropped');
      if (where.length === 1) continue;
      // Without a manifest, a VM that left no end record has its pending and dropped copies unknown: not judged.
      if (where.length === 0 && (unaccounted.has(send.vm) || unaccounted.has(to))) continue;
      const lostWith = where.length === 0 ? lostWithKill(send, to, lives, facts) : [];
      if (lostWith.length > 0) {
        const key = lostWith.join(',');
        const seen = lost.get(key) ?? { copies: 0, to: new Set<number>() };
        seen.copies += 1;
        seen.to.add(to);
        lost.set(key, seen);
        continue;
      }
      const link = `${send.vm}>${to}`;
      if (where.length === 0 && unended.has(link)) {
        lostOnLink.set(link, (lostOnLink.get(link) ?? 0) + 1);
        continue;
      }
      const found = where.length === 0 ? `copy to VM ${to} is nowhere` : `copy to VM ${to} ${where.join(' and ')}`;
      log.add({ rule: 'exactly-once', vm: send.vm, tick: send.tick, line: send.line, found, expected: 'exactly one' });
    }
  }
  for (const [list, entries] of [
    ['pendingAtStop', pending],
    ['dropped list', dropped],
  ] as const) {
    for (const [key, vm] of entries) {
      const id = parseMsgId(key.split('>')[0] ?? '');
      if (id !== null && lostWithSender(id[0], id[1])) bump(untraced, id[0]);
      else if (id === null || !kept.took(id[0], id[1])) {
        const found = `${printable(key, 60)} in the ${list} of VM ${vm}`;
        log.add({
          rule: 'unknown-message',
          vm,
          tick: null,
          line: null,
          found,
          expected: 'a send of that message to that VM',
        });
      }
    }
  }
  return [
    ...kept.notes(facts),
    ...[...untraced].map(([vm, n]) => {
      const exit = facts.vms[vm]?.exit ?? '';
      // Its CSV is known to be cut: the launcher kept the rest of its rows on its host (remote-vm-rows.ts).
      const why = isRowsKeptExit(exit) ? `VM ${vm}'s CSV is incomplete (${exit})` : `VM ${vm} did not stop cleanly`;
      return { vm, text: `${why}: ${n} of its messages reached peers after its CSV's last send row` };
    }),
    ...[...lost].map(([key, { copies: n, to }]) => {
      const by = key.split(',').map(Number);
      const lives = by.map((id) => lostLife(facts, id));
      const copies = `${counted(n, 'copy', 'copies')} sent to ${vmList([...to].sort((a, b) => a - b))} ${n === 1 ? 'is' : 'are'}`;
      return {
        vm: by[0] ?? 0,
        text: `${copies} neither received, pending nor dropped: lost with ${lives.join(' or ')}`,
      };
    }),
    ...[...lostOnLink].flatMap(([key, n]) => {
      const ended = unended.get(key);
      if (ended === undefined) return [];
      const { to, link } = ended;
      const copies = `${counted(n, 'copy', 'copies')} sent by VM ${link.from} to VM ${to} ${n === 1 ? 'is' : 'are'}`;
      const text = `${copies} neither received, pending nor dropped: lost with a link that never ended (${unendedText(to, link)})`;
      return [{ vm: to, text }];
    }),
  ];
}

/**
 * `VM 1, killed by an injected fault`, `a killed life of VM 1` (it was restarted after an injected kill), or `VM 1,
 * which did not stop cleanly (exit: killed by SIGKILL)`.
 */
function lostLife(facts: RunFacts, vm: number): string {
  const exit = facts.vms[vm]?.exit ?? '';
  if (exit === 'done') return `a killed life of VM ${vm}`;
  if (exit === injectedKillExit) return `VM ${vm}, killed by an injected fault`;
  return `VM ${vm}, which did not stop cleanly (exit: ${exit})`;
}

function matchReceive(ledger: MessageLedger, receive: ReceiveRecord, facts: RunFacts, log: ViolationLog): void {
  const { vm, tick, line, msgId } = receive;
  const fail = (rule: 'unknown-message' | 'receive-after-send' | 'carried-clock', found: string, expected: string) =>
    log.add({ rule, vm, tick, line, found, expected });
  const send = ledger.send(receive.sender, receive.seq);
  const at = send === undefined ? '' : `vm-${send.vm}.csv line ${send.line}`;
  if (send === undefined) {
    fail('unknown-message', `receive of ${msgId}`, `a send of ${msgId} in vm-${receive.sender}.csv`);
  } else if (!send.to.includes(vm)) {
    fail('unknown-message', `receive of ${msgId}, sent to ${send.to.join(';')}`, `a send of ${msgId} to VM ${vm}`);
  } else if (receive.clock <= send.clock) {
    // Checked before the carried value: a receive at or below its send's clock breaks causality itself.
    fail('receive-after-send', `clock ${receive.clock}`, `above ${send.clock}, the clock of the send (${at})`);
  } else if (receive.msgClock !== send.clock) {
    fail('carried-clock', `msg_clock ${receive.msgClock}`, `${send.clock}, as sent (${at})`);
  }
  // The rows' times are another fact than their clocks: judged whenever the receive matched a send to it.
  if (send?.to.includes(vm)) judgeReceiveTime(send, receive, facts, log);
}
