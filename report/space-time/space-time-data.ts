/**
 * The space-time diagram's data as carried in the page: every event and every message copy of the run, packed as
 * columns of small integers (times in us and clocks as differences from the row before, kinds as one letter each)
 * so a million-row run fits in tens of MB of HTML. The page unpacks it (browser/decode.ts) and draws one window at a time.
 */

import type { RunEvents } from '../run-events.js';
import { eventCode, type VmEvents } from '../vm-events.js';
import { copyFate, type MessageCopies } from './message-copies.js';

export type PackedVm = {
  rows: number;
  /** elapsed_ms x 1000, rounded, each as the difference from the row before (the first from 0). */
  t: Float64Array;
  clock: Int32Array;
  tick: Int32Array;
  /** One letter per row: i internal, s send, r receive. */
  kind: string;
  /** Per VM k, component k of every row's vector clock, as differences; null without the column. */
  vc: Int32Array[] | null;
};

export type PackedSpaceTime = {
  machines: number;
  speed: number;
  endMs: number;
  labels: string[];
  hasVectorClocks: boolean;
  vms: PackedVm[];
  /** Message copies (message-copies.ts); fate is one letter per copy: r received, d dropped, p pending, l lost, u unknown. */
  copies: {
    fromVm: Int32Array;
    fromRow: Int32Array;
    toVm: Int32Array;
    toRow: Int32Array;
    seq: Int32Array;
    fate: string;
  };
};

export const kindLetters = { [eventCode.internal]: 'i', [eventCode.send]: 's', [eventCode.receive]: 'r' } as const;
export const fateLetters = {
  [copyFate.received]: 'r',
  [copyFate.dropped]: 'd',
  [copyFate.pending]: 'p',
  [copyFate.lost]: 'l',
  [copyFate.unknown]: 'u',
} as const;

export function packSpaceTime(run: RunEvents, copies: MessageCopies, labels: string[]): PackedSpaceTime {
  return {
    machines: run.facts.machines,
    speed: run.facts.speed,
    endMs: run.endMs,
    labels,
    hasVectorClocks: run.hasVectorClocks,
    vms: run.vms.map((vm) => packVm(vm, run.hasVectorClocks)),
    copies: {
      fromVm: deltas(copies.fromVm),
      fromRow: deltas(copies.fromRow),
      toVm: copies.toVm,
      toRow: copies.toRow,
      seq: deltas(copies.seq),
      fate: letters(copies.fate, fateLetters),
    },
  };
}

function packVm(vm: VmEvents, withVectorClocks: boolean): PackedVm {
  const t = new Float64Array(vm.rows);
  let previous = 0;
  for (let row = 0; row < vm.rows; row++) {
    const us = Math.round((vm.elapsedMs[row] as number) * 1000);
    t[row] = us - previous;
    previous = us;
  }
  return {
    rows: vm.rows,
    t,
    clock: deltas(vm.clock),
    tick: deltas(vm.tick),
    kind: letters(vm.kind, kindLetters),
    vc: withVectorClocks && vm.vectorClock !== null ? vm.vectorClock.map(deltas) : null,
  };
}

/** Each value minus the one before it (the first minus 0): long runs of 1s and 0s, a byte or two each in JSON. */
export function deltas(values: Int32Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) - (i > 0 ? (values[i - 1] as number) : 0);
  return out;
}

function letters(codes: Uint8Array, table: Record<number, string>): string {
  const chars: string[] = new Array(codes.length);
  for (let i = 0; i < codes.length; i++) chars[i] = table[codes[i] as number] ?? '?';
  return chars.join('');
}
