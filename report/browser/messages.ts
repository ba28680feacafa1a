/**
 * The message copies one window of the space-time diagram draws. A received
 * copy is a line from its send to its receive with an arrowhead turned along it; any other copy is a short cut line
 * from its send toward the recipient, ending in an X (dropped, pending at the stop, or lost with a killed VM or a link that never ended).
 */
import type { SpaceTime } from './decode.js';
import { copiesFrom, firstRowFrom, type LineDatum, type MarkDatum, relationTo, type Selection } from './window.js';

/** The plot's size in pixels: arrowheads and cut lines are sized in pixels, not in seconds. */
export type PlotSize = { width: number; height: number };

export function messageData(
  st: SpaceTime,
  fromMs: number,
  toMs: number,
  px: PlotSize,
  selected: Selection | null,
): { lines: LineDatum[]; marks: MarkDatum[] } {
  const c = st.copies;
  const msPerPx = (toMs - fromMs) / Math.max(px.width, 1);
  const vmsPerPx = st.machines / Math.max(px.height, 1);
  const fateNames: Record<string, string> = { d: 'dropped', p: 'pending', l: 'lost', u: 'unknown' };
  const fateText: Record<string, string> = {
    lost: 'lost (in flight or queued at a kill, or on a link that never ended)',
    unknown:
      'not received; pending, dropped or lost is unknown (the launcher died before its manifest, and a VM at either end left no end record)',
  };
  const lines: LineDatum[] = [];
  const marks: MarkDatum[] = [];
  st.vms.forEach((vm, v) => {
    const last = copiesFrom(st, v, firstRowFrom(vm.t, toMs + 1e-9));
    for (let i = copiesFrom(st, v, firstRowFrom(vm.t, fromMs - st.maxSpanMs)); i < last; i++) {
      const to = c.toVm[i] as number;
      const fromRow = c.fromRow[i] as number;
      const sentMs = vm.t[fromRow] as number;
      const id = `${v}-${c.seq[i]}`;
      const fate = c.fate[i] ?? 'r';
      if (fate !== 'r') {
        if (sentMs < fromMs) continue;
        // A cut line 14 px long toward the recipient, and an X where it stops.
        const t1 = (sentMs + 14 * msPerPx) / 1000;
        const y1 = v + 0.45 * (to - v);
        const cat = fateNames[fate] ?? 'lost';
        const msg = `${id} to VM ${to}: ${fateText[cat] ?? cat}`;
        lines.push({ t0: sentMs / 1000, t1, y0: v, y1, cat, op: 1, msg });
        marks.push({ t: t1, y: y1, angle: 45, cat, op: 1, shape: 'cross', msg });
        continue;
      }
      const toRow = c.toRow[i] as number;
      const receivedMs = st.vms[to]?.t[toRow] ?? sentMs;
      if (receivedMs < fromMs) continue;
      const past = relationTo(st, selected, to, toRow);
      const future = relationTo(st, selected, v, fromRow);
      const highlighted =
        past === 'past' || past === 'selected' ? 'past' : future === 'future' || future === 'selected';
      const cat = highlighted === 'past' ? 'past' : highlighted ? 'future' : 'delivered';
      const op = cat === 'delivered' && past !== null ? 0.25 : 1;
      const msg =
        `${id}: VM ${v} -> VM ${to}, sent at clock ${st.vms[v]?.clock[fromRow]}, ` +
        `received at clock ${st.vms[to]?.clock[toRow]} after ${(receivedMs - sentMs).toFixed(1)} ms`;
      lines.push({ t0: sentMs / 1000, t1: receivedMs / 1000, y0: v, y1: to, cat, op, msg });
      // The arrowhead's tip on the receive dot: its centre 6 px back along the line, turned along it.
      const dx = (receivedMs - sentMs) / msPerPx;
      const dy = (to - v) / vmsPerPx;
      const length = Math.max(Math.hypot(dx, dy), 1e-9);
      marks.push({
        t: (receivedMs - (6 * dx * msPerPx) / length) / 1000,
        y: to - (6 * dy * vmsPerPx) / length,
        angle: (Math.atan2(dx, -dy) * 180) / Math.PI,
        cat,
        op,
        shape: 'triangle-up',
        msg,
      });
    }
  });
  return { lines, marks };
}
