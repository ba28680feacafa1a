/**
 * Every copy of every send with what became of it: received (at which row of the recipient), dropped (the sender's
 * manifest lists it), pending at the stop (the recipient's manifest lists it), or lost (none of these: it died with
 * a killed VM). A run whose launcher died wrote no manifest: a copy not received from or to a VM that left no end
 * record of its own (run-folder/vm-end-record.ts) is of unknown fate, not lost. The space-time diagram draws an arrow per received copy and a cut arrow per other one.
 */
import type { RunFacts } from '../../run-folder/run-facts.js';
import { int32s, uint8s } from '../growable.js';
import { eventCode, type VmEvents } from '../vm-events.js';

export const copyFate = { received: 0, dropped: 1, pending: 2, lost: 3, unknown: 4 } as const;
export type CopyFate = (typeof copyFate)[keyof typeof copyFate];

/** Columns, one entry per copy, in order of sender then send row then recipient. */
export type MessageCopies = {
  count: number;
  fromVm: Int32Array;
  fromRow: Int32Array;
  toVm: Int32Array;
  /** Row of the receive at toVm, or -1 when it was never received. */
  toRow: Int32Array;
  seq: Int32Array;
  fate: Uint8Array;
  /** Receives whose send is not in the sender's CSV (a cut file): drawn as events, without an arrow. */
  unmatchedReceives: number;
};

/** A message id as one number: ids are `<sender>-<n>`, sender and n well below 2^21 and 2^32. */
const key = (sender: number, seq: number) => sender * 2 ** 32 + seq;

export function messageCopies(vms: readonly VmEvents[], facts: RunFacts): MessageCopies {
  const receivedAt = vms.map((vm) => {
    const rows = new Map<number, number>();
    for (let row = 0; row < vm.rows; row++) {
      if (vm.kind[row] !== eventCode.receive) continue;
      const id = key(vm.from[row] as number, vm.seq[row] as number);
      if (!rows.has(id)) rows.set(id, row);
    }
    return rows;
  });
  const dropped = new Set(facts.vms.flatMap((vm) => vm.dropped));
  const pending = facts.vms.map((vm) => new Set(vm.pendingAtStop));
  // A run whose launcher died: the VMs that left no end record of their own, whose copies' fate is unknown.
  const unaccounted = new Set(facts.launcherDied?.unaccounted ?? []);
  const out = { fromVm: int32s(), fromRow: int32s(), toVm: int32s(), toRow: int32s(), seq: int32s(), fate: uint8s() };
  let matched = 0;
  for (const vm of vms) {
    for (let at = 0; at < vm.copies.length; at += 2) {
      const row = vm.copies[at] as number;
      const to = vm.copies[at + 1] as number;
      const seq = vm.seq[row] as number;
      const toRow = receivedAt[to]?.get(key(vm.vm, seq)) ?? -1;
      const msgId = `${vm.vm}-${seq}`;
      let fate: CopyFate = copyFate.received;
      if (toRow >= 0) matched += 1;
      else if (dropped.has(`${msgId}>${to}`)) fate = copyFate.dropped;
      else if (pending[to]?.has(msgId) === true) fate = copyFate.pending;
      else fate = unaccounted.has(vm.vm) || unaccounted.has(to) ? copyFate.unknown : copyFate.lost;
      out.fromVm.push(vm.vm);
      out.fromRow.push(row);
      out.toVm.push(to);
      out.toRow.push(toRow);
      out.seq.push(seq);
      out.fate.push(fate);
    }
  }
  const receives = receivedAt.reduce((sum, rows) => sum + rows.size, 0);
  return {
    count: out.fromVm.length,
    fromVm: out.fromVm.values(),
    fromRow: out.fromRow.values(),
    toVm: out.toVm.values(),
    toRow: out.toRow.values(),
    seq: out.seq.values(),
    fate: out.fate.values(),
    unmatchedReceives: receives - matched,
  };
}
