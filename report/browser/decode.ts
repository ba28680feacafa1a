/**
 * Unpacks the space-time data of space-time-data.ts into typed columns plus the indexes the window needs (in the
 * page, and in unit tests under Node).
 */
import type { PackedSpaceTime, PackedVm } from '../space-time/space-time-data.js';

/** PackedSpaceTime after a JSON round trip: typed arrays arrive as plain arrays. */
type Json<T> = { [K in keyof T]: T[K] extends Int32Array | Float64Array ? number[] : Json<T[K]> };
export type PackedJson = Omit<Json<PackedSpaceTime>, 'vms' | 'copies'> & {
  vms: (Omit<Json<PackedVm>, 'vc'> & { vc: number[][] | null })[];
  copies: Json<PackedSpaceTime['copies']>;
};

export type StVm = {
  rows: number;
  /** Real elapsed ms. */
  t: Float64Array;
  clock: Int32Array;
  tick: Int32Array;
  kind: string;
  vc: Int32Array[] | null;
  /** Per row: the copy a receive took off the queue, or -1. */
  recvCopy: Int32Array;
};

export type SpaceTime = {
  machines: number;
  speed: number;
  endMs: number;
  labels: string[];
  hasVectorClocks: boolean;
  vms: StVm[];
  copies: {
    count: number;
    fromVm: Int32Array;
    fromRow: Int32Array;
    toVm: Int32Array;
    toRow: Int32Array;
    seq: Int32Array;
    fate: string;
    /** Copies of VM v's sends are copies[byVm[v], byVm[v + 1]), in send-row order. */
    byVm: Int32Array;
  };
  /** The longest a received copy took from send to receive: how far before a window its sends may lie. */
  maxSpanMs: number;
};

/** Running sum: the inverse of space-time-data.ts's deltas. */
export function undelta(values: readonly number[]): Int32Array {
  const out = new Int32Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    out[i] = sum;
  }
  return out;
}

export function decodeSpaceTime(packed: PackedJson): SpaceTime {
  const vms: StVm[] = packed.vms.map((vm) => {
    const t = new Float64Array(vm.rows);
    let us = 0;
    for (let row = 0; row < vm.rows; row++) {
      us += vm.t[row] as number;
      t[row] = us / 1000;
    }
    const vc = vm.vc === null ? null : vm.vc.map((component) => undelta(component));
    const recvCopy = new Int32Array(vm.rows).fill(-1);
    return { rows: vm.rows, t, clock: undelta(vm.clock), tick: undelta(vm.tick), kind: vm.kind, vc, recvCopy };
  });
  const c = packed.copies;
  const fromVm = undelta(c.fromVm);
  const fromRow = undelta(c.fromRow);
  const toVm = Int32Array.from(c.toVm);
  const toRow = Int32Array.from(c.toRow);
  const byVm = new Int32Array(packed.machines + 1);
  let maxSpanMs = 0;
  for (let i = 0; i < fromVm.length; i++) {
    byVm[(fromVm[i] as number) + 1] = i + 1;
    const to = vms[toVm[i] as number];
    const receivedRow = toRow[i] as number;
    if (to === undefined || receivedRow < 0) continue;
    to.recvCopy[receivedRow] = i;
    const sentAt = vms[fromVm[i] as number]?.t[fromRow[i] as number] ?? 0;
    maxSpanMs = Math.max(maxSpanMs, (to.t[receivedRow] as number) - sentAt);
  }
  // A VM with no sends starts where the one before it ended.
  for (let v = 1; v <= packed.machines; v++) byVm[v] = Math.max(byVm[v] as number, byVm[v - 1] as number);
  return {
    machines: packed.machines,
    speed: packed.speed,
    endMs: packed.endMs,
    labels: packed.labels,
    hasVectorClocks: packed.hasVectorClocks,
    vms,
    copies: { count: fromVm.length, fromVm, fromRow, toVm, toRow, seq: undelta(c.seq), fate: c.fate, byVm },
    maxSpanMs,
  };
}
