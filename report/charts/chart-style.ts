/**
 * What every report chart shares: the time axis (real seconds, and the experiment's own seconds on a second axis
 * when the run was compressed), the fault marks, and the colours, so the charts read alike and line up.
 */
import type { FaultMarkers } from './fault-markers.js';

export type ChartSpec = { id: string; title: string; note: string | null; spec: Record<string, unknown> };
type Layer = Record<string, unknown>;

export const vegaLiteSchema = 'https://vega.github.io/schema/vega-lite/v6.json';
/**
 * Every single or layered chart is as wide as its box and follows a resize (vega-lite listens to the window); the
 * axes and the legend count in that width (`contains: padding`), so a legend never falls off the right edge.
 */
export const fitWidth = { width: 'container', autosize: { type: 'fit-x', contains: 'padding' } } as const;

/** Fault kinds and their colours, in legend order. */
export const faultColors = {
  partition: '#9467bd',
  pause: '#e6ab02',
  down: '#d62728',
  kill: '#a50f15',
  restart: '#2ca02c',
} as const;

/** `VM 0 · 3/s`, with the real rate too when the run was compressed. */
export function vmLabel(vm: number, rate: number, speed: number): string {
  const real = speed === 1 ? '' : ` (${round(rate * speed)}/s real)`;
  return `VM ${vm} · ${round(rate)}/s${real}`;
}

const round = (n: number) => Number(n.toPrecision(4));

export function timeAxis(speed: number): Record<string, unknown> {
  return { title: speed === 1 ? 'elapsed (s)' : `elapsed, real s (experiment s = real x ${speed} on the top axis)` };
}

export function timeEncoding(field: string, speed: number): Record<string, unknown> {
  return { field, type: 'quantitative', scale: { zero: false, nice: false }, axis: timeAxis(speed) };
}

/**
 * The x axis of a layer other than the data's. Layers merge their axes, and one `axis: null` removes the merged
 * axis: so at speed 1 every layer states the data's axis. With an experiment-time axis the axes are independent
 * (layerResolve), and only the data layer and the top-axis layer may draw one.
 */
export function otherLayerAxis(speed: number, axis: Record<string, unknown>): Record<string, unknown> | null {
  return speed === 1 ? axis : null;
}

/**
 * With speed != 1: an invisible layer whose only job is a top axis in experiment seconds on the same x scale
 * (layers share scales; `resolve.axis.x: independent` gives each its own axis). Put it first: drawn underneath,
 * its invisible marks never take a click or a tooltip meant for the data.
 */
export function experimentAxisLayer(speed: number, field: string, data: Layer['data']): Layer[] {
  if (speed === 1) return [];
  return [
    {
      data,
      mark: { type: 'rule', opacity: 0, clip: true },
      encoding: {
        x: {
          field,
          type: 'quantitative',
          axis: { orient: 'top', title: 'experiment s', labelExpr: `format(datum.value * ${speed}, '~g')` },
        },
      },
    },
  ];
}

/** Bands and rules of the injected faults, in real seconds, as one nested layer with its own colour legend. */
export function faultLayer(faults: FaultMarkers, axis: Record<string, unknown> | null, legend = true): Layer[] {
  const bands = faults.bands.map((b) => ({ kind: b.kind, from: b.fromMs / 1000, to: b.toMs / 1000, label: b.label }));
  const rules = faults.rules.map((r) => ({ kind: r.kind, at: r.atMs / 1000, label: r.label }));
  if (bands.length === 0 && rules.length === 0) return [];
  const color = {
    field: 'kind',
    type: 'nominal',
    title: 'injected faults',
    ...(legend ? {} : { legend: null }),
    scale: { domain: Object.keys(faultColors), range: Object.values(faultColors) },
  };
  const layers: Layer[] = [];
  if (bands.length > 0)
    layers.push({
      data: { values: bands },
      mark: { type: 'rect', opacity: 0.18, clip: true },
      encoding: {
        x: { field: 'from', type: 'quantitative', axis },
        x2: { field: 'to' },
        color,
        tooltip: [
          { field: 'label', title: 'fault' },
          { field: 'from', title: 'from (s)', format: '.3f' },
        ],
      },
    });
  if (rules.length > 0)
    layers.push({
      data: { values: rules },
      mark: { type: 'rule', strokeWidth: 2, strokeDash: [4, 3], clip: true },
      encoding: {
        x: { field: 'at', type: 'quantitative', axis },
        color,
        tooltip: [
          { field: 'label', title: 'fault' },
          { field: 'at', title: 'at (s)', format: '.3f' },
        ],
      },
    });
  return [{ layer: layers }];
}

/**
 * Faults and VMs get a colour legend each; with an experiment-time axis, x axes are drawn per layer (otherLayerAxis).
 * The VMs' dash (vm-legend.ts) resolves with their colour, in the same layer: only there do the two legends merge.
 */
export function layerResolve(speed: number): Record<string, unknown> {
  const scale = { color: 'independent', strokeDash: 'independent' };
  return { scale, ...(speed === 1 ? {} : { axis: { x: 'independent' } }) };
}
