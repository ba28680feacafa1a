/**
 * The time charts of a run as vega-lite specs, data inline: logical clock, drift and queue length against real
 * elapsed seconds (one line per VM, rates in the legend, injected faults behind), and the jump histogram per VM.
 */

import type { FacetFit } from '../browser/fit-width.js';
import {
  type ChartSpec,
  experimentAxisLayer,
  faultLayer,
  fitWidth,
  layerResolve,
  otherLayerAxis,
  timeAxis,
  timeEncoding,
  vegaLiteSchema,
} from './chart-style.js';
import { downsamplingNote, type Series } from './downsample.js';
import type { FaultMarkers } from './fault-markers.js';
import { type JumpHistogram, jumpAxisLabels, jumpBinLabel, jumpBinLabels } from './jump-histogram.js';
import type { VmSeries } from './time-series.js';
import { vmLegend } from './vm-legend.js';

export type TimeChartInput = {
  series: VmSeries[];
  /** Legend label per VM id (chart-style.ts vmLabel). */
  labels: string[];
  speed: number;
  faults: FaultMarkers;
  /** One group per VM, in VM order. */
  jumps: JumpHistogram;
};

const charts = [
  ['clock', 'Logical clock against elapsed time', 'logical clock'],
  ['drift', 'Drift: clock minus the highest clock of the VMs still logging', 'drift (clock values)'],
  ['queue', 'Message queue length after each tick', 'queue length'],
] as const;

export function timeChartSpecs(input: TimeChartInput): ChartSpec[] {
  return [...charts.map(([key, title, axis]) => lineChart(input, key, title, axis)), jumpChart(input)];
}

function lineChart(input: TimeChartInput, key: (typeof charts)[number][0], title: string, axis: string): ChartSpec {
  const { speed, labels } = input;
  const values = input.series.flatMap((s) => seriesRows(s[key], labels[s.vm] ?? `VM ${s.vm}`, speed));
  const sampled = input.series.filter((s) => s[key].downsampled);
  const faults = faultLayer(input.faults, otherLayerAxis(speed, timeAxis(speed)));
  const legend = vmLegend(labels, 'VM · clock rate', faults.length > 0);
  const downsampled = downsamplingNote(sampled.map((s) => [labels[s.vm] ?? `VM ${s.vm}`, s[key]]));
  const tooltip = [
    { field: 'vm', title: 'VM' },
    { field: 't', title: 'elapsed (s)', format: '.3f' },
    ...(speed === 1 ? [] : [{ field: 'te', title: 'experiment s', format: '.3f' }]),
    { field: 'y', title: axis },
  ];
  return {
    id: `chart-${key}`,
    title,
    note: [legend.note, downsampled].filter((n) => n !== null).join(' ') || null,
    spec: {
      $schema: vegaLiteSchema,
      ...fitWidth,
      height: legend.height,
      layer: [
        ...experimentAxisLayer(speed, 't', { values: values.slice(0, 1) }),
        ...faults,
        {
          data: { values },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.4 },
          encoding: {
            x: timeEncoding('t', speed),
            y: { field: 'y', type: 'quantitative', title: axis },
            ...legend.encoding,
            tooltip,
          },
        },
      ],
      resolve: layerResolve(speed),
    },
  };
}

function seriesRows(series: Series, vm: string, speed: number): Record<string, number | string>[] {
  return series.t.map((ms, i) => {
    const t = Math.round(ms) / 1000;
    const row: Record<string, number | string> = { vm, t, y: series.v[i] ?? 0 };
    if (speed !== 1) row.te = Math.round(ms * speed) / 1000;
    return row;
  });
}

function jumpChart(input: TimeChartInput): ChartSpec {
  const { width, bins } = input.jumps;
  const values = bins.map((b) => ({
    vm: input.labels[b.group] ?? `VM ${b.group}`,
    jumps: jumpBinLabel(b),
    count: b.count,
  }));
  // The page sizes the cells to its width (browser/fit-width.ts): one column of one row per VM.
  const fit: FacetFit = { cells: 1, minCellWidth: 240, cellOverhead: 130 };
  return {
    id: 'chart-jumps',
    title: 'Jump sizes per VM (how much the clock moved at each event)',
    note: width === 1 ? null : `Jumps grouped in bins of ${width} values.`,
    spec: {
      $schema: vegaLiteSchema,
      data: { values },
      usermeta: { fit },
      facet: { row: { field: 'vm', type: 'nominal', title: null, sort: input.labels } },
      spec: {
        width: 700,
        height: 90,
        mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          // One band per whole value (or range of them), empty ones kept so gaps show; labelled 1, 2, 3.
          x: {
            field: 'jumps',
            type: 'ordinal',
            scale: { domain: jumpBinLabels(input.jumps) },
            title: 'jump',
            axis: { labelAngle: 0, values: jumpAxisLabels(jumpBinLabels(input.jumps)) },
          },
          // symlog: a jump seen once must show beside the thousands of 1s; ticks at powers of ten.
          y: {
            field: 'count',
            type: 'quantitative',
            scale: { type: 'symlog' },
            title: 'events (log)',
            axis: { values: powersOfTen(Math.max(1, ...bins.map((b) => b.count))) },
          },
          color: { field: 'vm', type: 'nominal', scale: { domain: input.labels, scheme: 'tableau20' }, legend: null },
          tooltip: [{ field: 'vm', title: 'VM' }, { field: 'jumps' }, { field: 'count', title: 'events' }],
        },
      },
      resolve: { axis: { x: 'independent' } },
    },
  };
}

/** 0, 1, 10, 100, ... up to the first power of ten at or above max. */
function powersOfTen(max: number): number[] {
  const values = [0];
  for (let p = 1; values.length < 12; p *= 10) {
    values.push(p);
    if (p >= max) break;
  }
  return values;
}
