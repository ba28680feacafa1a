/**
 * What one time window of the space-time diagram draws, as the rows the
 * vega-lite spec (space-time-spec.ts) reads: event dots, message lines, arrowheads and cut arrows. Positions that
 * depend on pixels (the arrowhead's angle) are computed here from the plot's size, since the window is the zoom.
 */
import { compareVectorClocks, vectorClockOf } from './causal.js';
import type { SpaceTime } from './decode.js';

/** The event clicked: its causal past and future are highlighted while it stays selected. */
export type Selection = { vm: number; row: number; vc: number[] | null };
export type EventDatum = {
  key: string;
  vm: number;
  row: number;
  t: number;
  cat: string;
  op: number;
  what: string;
  when: string;
  clock: number;
  msg: string;
  vcText: string;
};
export type LineDatum = { t0: number; t1: number; y0: number; y1: number; cat: string; op: number; msg: string };
export type MarkDatum = { t: number; y: number; angle: number; cat: string; op: number; shape: string; msg: string };

/** First row at or after ms. */
export function firstRowFrom(t: Float64Array, ms: number): number {
  let [lo, hi] = [0, t.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] as number) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function countEvents(st: SpaceTime, fromMs: number, toMs: number): number {
  return st.vms.reduce((sum, vm) => sum + firstRowFrom(vm.t, toMs + 1e-9) - firstRowFrom(vm.t, fromMs), 0);
}

/** 12.345 s, and the experiment's own seconds when the run was compressed. */
export function timeText(st: SpaceTime, ms: number): string {
  const real = `${(ms / 1000).toFixed(3)} s`;
  return st.speed === 1 ? real : `${real} (experiment ${((ms * st.speed) / 1000).toFixed(3)} s)`;
}

/** past / future / selected / concurrent of (vm, row) against the selection; null with nothing to compare. */
export function relationTo(st: SpaceTime, selected: Selection | null, vm: number, row: number): string | null {
  if (selected === null || selected.vc === null) return null;
  if (selected.vm === vm && selected.row === row) return 'selected';
  const vc = vectorClockOf(st, vm, row);
  if (vc === null) return null;
  const relation = compareVectorClocks(vc, selected.vc);
  return relation === 'before' ? 'past' : relation === 'after' ? 'future' : 'concurrent';
}

export function eventData(st: SpaceTime, fromMs: number, toMs: number, selected: Selection | null): EventDatum[] {
  const kinds: Record<string, string> = { i: 'internal', s: 'send', r: 'receive' };
  const out: EventDatum[] = [];
  st.vms.forEach((vm, v) => {
    const end = firstRowFrom(vm.t, toMs + 1e-9);
    for (let row = firstRowFrom(vm.t, fromMs); row < end; row++) {
      const kind = kinds[vm.kind[row] ?? 'i'] ?? 'internal';
      const relation = relationTo(st, selected, v, row);
      const vc = vectorClockOf(st, v, row);
      out.push({
        key: `${v}:${row}`,
        vm: v,
        row,
        t: (vm.t[row] as number) / 1000,
        cat: relation === null || relation === 'concurrent' ? kind : relation,
        op: relation === 'concurrent' ? 0.3 : 1,
        what: `VM ${v} tick ${vm.tick[row]}: ${kind}`,
        when: timeText(st, vm.t[row] as number),
        clock: vm.clock[row] as number,
        msg: messageText(st, v, row) || 'none (internal event)',
        vcText: vc === null ? '' : `[${vc.join(', ')}]`,
      });
    }
  });
  return out;
}

/** `send 0-5 to VM 1, VM 2`, or `receive 0-5 from VM 0 (carried clock 12)`, or ''. */
export function messageText(st: SpaceTime, vm: number, row: number): string {
  const kind = st.vms[vm]?.kind[row];
  const c = st.copies;
  if (kind === 'r') {
    const copy = st.vms[vm]?.recvCopy[row] ?? -1;
    if (copy < 0) return 'receive (its send is not in the logs)';
    const from = c.fromVm[copy] as number;
    const carried = st.vms[from]?.clock[c.fromRow[copy] as number];
    return `receive ${from}-${c.seq[copy]} from VM ${from} (carried clock ${carried})`;
  }
  if (kind !== 's') return '';
  const fates: Record<string, string> = {
    ...{ r: '', d: ' (dropped)', p: ' (pending at stop)', l: ' (lost)' },
    u: ' (not received, fate unknown)',
  };
  const to: string[] = [];
  let id = '';
  for (let i = copiesFrom(st, vm, row); i < (c.byVm[vm + 1] as number) && c.fromRow[i] === row; i++) {
    id = `${vm}-${c.seq[i]}`;
    to.push(`VM ${c.toVm[i]}${fates[c.fate[i] ?? 'r'] ?? ''}`);
  }
  return `send ${id} to ${to.join(', ')}`;
}

/** Index of the first copy of VM vm's sends at or after `row`. */
export function copiesFrom(st: SpaceTime, vm: number, row: number): number {
  const c = st.copies;
  let [lo, hi] = [c.byVm[vm] as number, c.byVm[vm + 1] as number];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((c.fromRow[mid] as number) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
