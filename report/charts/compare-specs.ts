/**
 * The comparison page's charts: every run's clock, drift and queue lines overlaid (one colour per run, one line
 * per VM), on experiment seconds so that runs at different speeds line up, and each run's share of events per
 * jump size side by side.
 */
import { type ChartSpec, fitWidth, vegaLiteSchema } from './chart-style.js';
import { downsamplingNote } from './downsample.js';
import { jumpAxisLabels, jumpBinLabel, jumpBinLabels, jumpHistogram } from './jump-histogram.js';
import type { VmSeries } from './time-series.js';

export type ComparedSeries = { label: string; speed: number; series: VmSeries[]; jumps: Int32Array[] };

const charts = [
  ['clock', 'Logical clock against experiment time, runs overlaid', 'logical clock'],
  ['drift', 'Drift behind the leading VM, runs overlaid', 'drift (clock values)'],
  ['queue', 'Message queue length, runs overlaid', 'queue length'],
] as const;

export function compareChartSpecs(runs: readonly ComparedSeries[]): ChartSpec[] {
  return [...charts.map(([key, title, axis]) => overlaid(runs, key, title, axis)), jumpShares(runs)];
}

function overlaid(
  runs: readonly ComparedSeries[],
  key: (typeof charts)[number][0],
  title: string,
  axis: string,
): ChartSpec {
  const values = runs.flatMap((run) =>
    run.series.flatMap((s) =>
      s[key].t.map((ms, i) => ({
        run: run.label,
        vm: `VM ${s.vm}`,
        line: `${run.label} VM ${s.vm}`,
        t: Math.round(ms * run.speed) / 1000,
        y: s[key].v[i] ?? 0,
      })),
    ),
  );
  const sampled = runs.flatMap((run) =>
    run.series.filter((s) => s[key].downsampled).map((s) => [`${run.label} VM ${s.vm}`, s[key]] as const),
  );
  return {
    id: `compare-${key}`,
    title,
    note: downsamplingNote(sampled),
    spec: {
      $schema: vegaLiteSchema,
      ...fitWidth,
      height: 240,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.3, opacity: 0.85 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'elapsed (experiment s)', scale: { nice: false } },
        y: { field: 'y', type: 'quantitative', title: axis },
        color: { field: 'run', type: 'nominal', title: 'run', scale: { domain: runs.map((r) => r.label) } },
        detail: { field: 'line' },
        tooltip: [
          { field: 'run' },
          { field: 'vm' },
          { field: 't', title: 'experiment s', format: '.3f' },
          { field: 'y', title: axis },
        ],
      },
    },
  };
}

function jumpShares(runs: readonly ComparedSeries[]): ChartSpec {
  const histogram = jumpHistogram(runs.map((run) => run.jumps));
  const { width, bins } = histogram;
  const totals = runs.map((_, i) => bins.filter((b) => b.group === i).reduce((sum, b) => sum + b.count, 0));
  const values = bins.map((b) => ({
    run: runs[b.group]?.label ?? String(b.group),
    jumps: jumpBinLabel(b),
    share: b.count / Math.max(totals[b.group] ?? 1, 1),
    count: b.count,
  }));
  return {
    id: 'compare-jumps',
    title: 'Share of events per jump size, runs side by side',
    note: width === 1 ? null : `Jumps grouped in bins of ${width} values.`,
    spec: {
      $schema: vegaLiteSchema,
      ...fitWidth,
      height: 220,
      data: { values },
      mark: 'bar',
      encoding: {
        x: {
          field: 'jumps',
          type: 'ordinal',
          scale: { domain: jumpBinLabels(histogram) },
          title: 'jump',
          axis: { labelAngle: 0, values: jumpAxisLabels(jumpBinLabels(histogram)) },
        },
        xOffset: { field: 'run', type: 'nominal', sort: runs.map((r) => r.label) },
        y: {
          field: 'share',
          type: 'quantitative',
          title: 'share of events (sqrt scale)',
          scale: { type: 'sqrt' },
          axis: { format: '%' },
        },
        color: { field: 'run', type: 'nominal', title: 'run', scale: { domain: runs.map((r) => r.label) } },
        tooltip: [
          { field: 'run' },
          { field: 'jumps' },
          { field: 'share', format: '.2%' },
          { field: 'count', title: 'events' },
        ],
      },
    },
  };
}
