/**
 * Step 1, punctuality (issue 13): each case is a real `launcher run` and, right after it in the same bench run, its
 * bare reference (bare-reference.ts): as many bare Node processes at the same rate, behind the same kind of start
 * barrier. Every clocklab figure is printed beside the reference's and as a difference, so a loaded machine shows
 * in both. On time (worst VM, and the share per VM) is the headline; achieved rate is secondary.
 */
import { join } from 'node:path';
import { describeStarts } from './extra-starts.js';
import { lateWindows } from './late-windows.js';
import { earlyWindowMs, steadyFromMs } from './lateness-summary.js';
import {
  labelOf,
  type PunctualityCase,
  type PunctualityResult,
  punctualityCase,
  punctualityCases,
} from './punctuality-case.js';
import { type BenchRow, failedRow } from './result-table.js';
import { fmtMs, fmtPct } from './stats.js';
import { describeMoments, synchronizedStalls } from './synchronized-stalls.js';

export async function punctualitySuite(workDir: string, log: (line: string) => void) {
  const rows: BenchRow[] = [];
  const results: PunctualityResult[] = [];
  // BENCH_CASES=32x100,64x100 runs only those (while working on one case; the bench runs them all).
  const picked = process.env.BENCH_CASES?.split(',');
  for (const c of punctualityCases.filter((k) => picked === undefined || picked.includes(`${k.machines}x${k.rate}`))) {
    log(`punctuality: ${labelOf(c)}, then its bare reference`);
    try {
      const result = await punctualityCase(c, join(workDir, `punctuality-${c.machines}x${c.rate}`));
      results.push(result);
      rows.push(...caseRows(c, result));
    } catch (error) {
      rows.push(failedRow(`on time, ${labelOf(c)}`, error));
    }
  }
  return { rows, results };
}

const pts = (a: number, b: number) => `${(a - b) * 100 >= 0 ? '+' : ''}${((a - b) * 100).toFixed(2)} pts`;

function caseRows(c: PunctualityCase, r: PunctualityResult): BenchRow[] {
  const w = r.clocklab.worst;
  const ref = r.reference.worst;
  const underBy = ref.onTimeShare - w.onTimeShare;
  const meetsReference = c.maxUnderReference === undefined || underBy <= c.maxUnderReference;
  const perVm = r.clocklab.vms.map((vm) => (vm.onTimeShare * 100).toFixed(1));
  const spread =
    perVm.length <= 4
      ? `per VM ${perVm.join(', ')}%`
      : `VMs under target: ${r.clocklab.vms.filter((vm) => vm.onTimeShare < c.target).length}`;
  const rows: BenchRow[] = [
    {
      metric: `on time, ${r.label}, worst VM`,
      figure: `${fmtPct(w.onTimeShare)} | bare ${fmtPct(ref.onTimeShare)} | ${pts(w.onTimeShare, ref.onTimeShare)}; ${spread}`,
      target:
        `>= ${fmtPct(c.target, 1)}` +
        (c.maxUnderReference === undefined ? '' : `, >= bare - ${(c.maxUnderReference * 100).toFixed(1)} pts`),
      pass: w.onTimeShare >= c.target && meetsReference,
    },
    {
      metric: `  lateness p50 / p99 / max, achieved`,
      figure:
        `${fmtMs(w.p50LateMs)} / ${fmtMs(w.p99LateMs)} / ${fmtMs(w.maxLateMs, 1)} | bare ${fmtMs(ref.p50LateMs)} / ` +
        `${fmtMs(ref.p99LateMs)} / ${fmtMs(ref.maxLateMs, 1)}; achieved ${fmtPct(w.achieved ?? 0, 3)}`,
      target: 'report',
      pass: undefined,
    },
    {
      metric: `  CPU per tick; per received copy`,
      figure:
        `${r.clocklab.usPerTick.toFixed(0)} us | bare ${r.reference.usPerTick.toFixed(0)} us; ` +
        `${perCopyUs(r).toFixed(0)} us over bare per copy (${r.clocklab.copiesPerS.toFixed(0)} copies/s); ` +
        `${r.clocklab.cores.toFixed(2)} cores, RSS ${r.rssMaxMb.toFixed(0)} MB max/VM`,
      target: 'report',
      pass: undefined,
    },
  ];
  if (r.checkFailed !== undefined) {
    rows.push({
      metric: '  the run broke a checked rule',
      figure: r.checkFailed.slice(0, 160),
      target: '-',
      pass: false,
    });
  }
  if (c.machines >= 32) {
    const clocklab = synchronizedStalls(r.clocklab.vms);
    rows.push({
      metric: '  moments with >= 1/4 of the VMs late together',
      figure:
        `${clocklab.count} x 10 ms | bare ${r.reference.stallMoments}` +
        (clocklab.count === 0 ? '' : `; at ${describeMoments(clocklab.atMs, 8)}`),
      target: 'report',
      pass: undefined,
    });
  }
  if (c.earlyTarget) {
    const more = r.starts;
    // The start read against the rest of the run: its windows as long as the start's that held a late tick.
    const steady = lateWindows(r.clocklab.vms, c.seconds);
    const bareSteady = lateWindows(r.reference.processes, c.seconds);
    rows.push({
      metric: `  late in the first ${earlyWindowMs} ms after the start`,
      figure:
        `${w.lateEarly} ticks | bare ${ref.lateEarly}; ${describeStarts(more)}; ${earlyWindowMs} ms windows from ` +
        `${steadyFromMs / 1000} s on with a late tick: ${steady.late} of ${steady.windows} | bare ${bareSteady.late}`,
      target: '0 in every start',
      pass: w.lateEarly === 0 && more.every((s) => s.kind === 'counted' && s.clocklab === 0),
    });
  }
  return rows;
}

/**
 * What a VM spends beyond the bare loop, per copy it receives (the receive path, plus sending and rows): the extra
 * CPU per tick times the ticks, over the copies (both over the whole run: every copy sent is received once).
 */
function perCopyUs(r: PunctualityResult): number {
  const ticks = r.clocklab.vms.reduce((sum, vm) => sum + vm.ticks, 0);
  const copies = r.clocklab.vms.reduce((sum, vm) => sum + vm.received, 0);
  return copies === 0 ? 0 : ((r.clocklab.usPerTick - r.reference.usPerTick) * ticks) / copies;
}
