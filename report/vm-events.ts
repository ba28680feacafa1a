/**
 * One VM's rows as typed columns: what every chart and the space-time diagram are drawn from. Row i of every
 * column is the VM's i-th well-formed row; malformed rows are counted and left out (the checker names them).
 */

/** The event column as a byte. */
export const eventCode = { internal: 0, send: 1, receive: 2 } as const;
export type EventCode = (typeof eventCode)[keyof typeof eventCode];

export type VmEvents = {
  vm: number;
  file: string;
  /** No CSV at all: the VM died before writing one. */
  missing: boolean;
  /** Bytes after the last newline (a line cut by a kill), left out. */
  cutTailBytes: number;
  badRows: number;
  rows: number;
  elapsedMs: Float64Array;
  tick: Int32Array;
  clock: Int32Array;
  jump: Int32Array;
  queue: Int32Array;
  kind: Uint8Array;
  /** Receive: the sender's id; otherwise -1. */
  from: Int32Array;
  /** Send and receive: n of the message id `<sender>-<n>`; internal: 0. */
  seq: Int32Array;
  /** Every copy of every send, flattened: [row, recipient, row, recipient, ...]. */
  copies: Int32Array;
  /** With a vector_clock column: vectorClock[k][row] is component k (VM k) of the row's vector clock; else null. */
  vectorClock: Int32Array[] | null;
};

export function emptyVmEvents(vm: number, file: string, missing: boolean): VmEvents {
  return {
    vm,
    file,
    missing,
    cutTailBytes: 0,
    badRows: 0,
    rows: 0,
    elapsedMs: new Float64Array(0),
    tick: new Int32Array(0),
    clock: new Int32Array(0),
    jump: new Int32Array(0),
    queue: new Int32Array(0),
    kind: new Uint8Array(0),
    from: new Int32Array(0),
    seq: new Int32Array(0),
    copies: new Int32Array(0),
    vectorClock: null,
  };
}

/** Index of the first row at or after `ms` (rows are in time order): a binary search, for windows and cursors. */
export function rowAtOrAfter(elapsedMs: Float64Array, ms: number): number {
  let lo = 0;
  let hi = elapsedMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((elapsedMs[mid] as number) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
