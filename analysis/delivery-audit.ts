/**
 * The cross-VM rules, once every CSV is read: each receive matches a send to that VM at a lower clock, and each
 * copy sent is accounted for exactly once (received, pending at the recipient's stop, or dropped by the sender).
 *
 * A VM that did not stop cleanly (manifest exit other than 'done') could report nothing: copies to or from it that
 * are nowhere, and messages of its that its cut CSV never logged, are counted in a note, not reported as violations.
 */
import { parseMsgId } from './csv-row.js';
import { copyKey, type MessageLedger, type ReceiveRecord } from './message-ledger.js';
import type { RunFacts } from './run-manifest.js';
import type { CheckNote, ViolationLog } from './violation.js';

export function auditDeliveries(ledger: MessageLedger, facts: RunFacts, log: ViolationLog): CheckNote[] {
  const died = (vm: number) => facts.vms[vm]?.exit !== 'done';
  const untraced = new Map<number, number>();
  const lost = new Map<number, number>();
  const bump = (counts: Map<number, number>, vm: number) => counts.set(vm, (counts.get(vm) ?? 0) + 1);
  /** A message past the last send a dead VM's CSV kept: its row may have died with it. */
  const lostWithSender = (sender: number, seq: number) => died(sender) && seq > ledger.lastSeq(sender);

  for (const receive of ledger.receives()) {
    if (lostWithSender(receive.sender, receive.seq)) bump(untraced, receive.sender);
    else matchReceive(ledger, receive, log);
  }

  const pending = new Map<string, number>();
  facts.vms.forEach((vm) => {
    for (const msgId of vm.pendingAtStop) pending.set(copyKey(msgId, vm.id), vm.id);
  });
  const dropped = new Set(facts.vms.flatMap((vm) => vm.dropped));
  for (const send of ledger.sends()) {
    for (const to of send.to) {
      const key = copyKey(send.msgId, to);
      const receive = ledger.receive(send.msgId, to);
      const where = [
        ...(receive === undefined ? [] : [`received at vm-${to}.csv line ${receive.line}`]),
        ...(pending.delete(key) ? [`pending at VM ${to}`] : []),
        ...(dropped.delete(key) ? ['dropped'] : []),
      ];
      if (where.length === 1) continue;
      if (where.length === 0 && (died(to) || died(send.vm))) {
        bump(lost, to);
        continue;
      }
      const found = where.length === 0 ? `copy to VM ${to} is nowhere` : `copy to VM ${to} ${where.join(' and ')}`;
      log.add({ rule: 'exactly-once', vm: send.vm, tick: send.tick, line: send.line, found, expected: 'exactly one' });
    }
  }
  // Whatever is left in the manifest's lists matched no send.
  for (const [key, vm] of pending)
    unknownListed(ledger, key, vm, `pendingAtStop of VM ${vm}`, lostWithSender, log, untraced);
  for (const key of dropped) {
    const sender = parseMsgId(key.split('>')[0] ?? '')?.[0] ?? -1;
    unknownListed(ledger, key, sender, `dropped list`, lostWithSender, log, untraced);
  }
  return [
    ...[...untraced].map(([vm, n]) => ({
      vm,
      text: `VM ${vm} did not stop cleanly: ${n} of its messages were seen by peers after its CSV's last send row`,
    })),
    ...[...lost].map(([vm, n]) => ({
      vm,
      text: `${n} copies sent to VM ${vm} are neither received, pending nor dropped: a VM at either end did not stop cleanly`,
    })),
  ];
}

function matchReceive(ledger: MessageLedger, receive: ReceiveRecord, log: ViolationLog): void {
  const { vm, tick, line, msgId } = receive;
  const fail = (rule: 'unknown-message' | 'receive-after-send' | 'carried-clock', found: string, expected: string) =>
    log.add({ rule, vm, tick, line, found, expected });
  const send = ledger.send(receive.sender, receive.seq);
  if (send === undefined) {
    fail('unknown-message', `receive of ${msgId}`, `a send of ${msgId} in vm-${receive.sender}.csv`);
  } else if (!send.to.includes(vm)) {
    fail('unknown-message', `receive of ${msgId}, sent to ${send.to.join(';')}`, `a send of ${msgId} to VM ${vm}`);
  } else if (receive.clock <= send.clock) {
    // Checked before the carried value: a receive at or below its send's clock breaks causality itself.
    fail(
      'receive-after-send',
      `clock ${receive.clock}`,
      `above ${send.clock}, the clock of the send (vm-${send.vm}.csv line ${send.line})`,
    );
  } else if (receive.msgClock !== send.clock) {
    fail(
      'carried-clock',
      `msg_clock ${receive.msgClock}`,
      `${send.clock}, as sent (vm-${send.vm}.csv line ${send.line})`,
    );
  }
}

function unknownListed(
  ledger: MessageLedger,
  key: string,
  vm: number,
  list: string,
  lostWithSender: (sender: number, seq: number) => boolean,
  log: ViolationLog,
  untraced: Map<number, number>,
): void {
  const [msgId = '', to = ''] = key.split('>');
  const id = parseMsgId(msgId);
  if (id !== null && lostWithSender(id[0], id[1])) {
    untraced.set(id[0], (untraced.get(id[0]) ?? 0) + 1);
    return;
  }
  const send = id === null ? undefined : ledger.send(id[0], id[1]);
  const found = `${key} in the ${list}`;
  const expected = send === undefined ? `a send of ${msgId}` : `a send of ${msgId} to VM ${to}`;
  log.add({ rule: 'unknown-message', vm: Math.max(vm, 0), tick: null, line: null, found, expected });
}
