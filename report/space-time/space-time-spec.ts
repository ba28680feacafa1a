/**
 * The vega-lite spec of the space-time (Lamport) diagram. Its data is named, not inline: the
 * page's script (browser/space-time.ts) inserts one window's rows at a time and moves the x domain (`winStart`,
 * `winEnd`, in real seconds) with it, so the diagram stays fast on a run of any length.
 */
import { experimentAxisLayer, fitWidth, layerResolve, otherLayerAxis, vegaLiteSchema } from '../charts/chart-style.js';
import type { FaultMarkers } from '../charts/fault-markers.js';
import { vmFaultLayers } from './space-time-faults.js';

/** Every category the diagram colours, for one shared scale (the page explains them in its own legend). */
export const spaceTimeColors = {
  internal: '#9e9e9e',
  send: '#1f77b4',
  receive: '#2ca02c',
  delivered: '#8da0b6',
  dropped: '#d62728',
  pending: '#ff7f0e',
  lost: '#8c564b',
  unknown: '#bcbd22',
  selected: '#000000',
  past: '#6a3d9a',
  future: '#0fa3b1',
} as const;

const timeAxis = (speed: number) => ({ title: speed === 1 ? 'elapsed (s)' : 'elapsed, real s', grid: true });
/** x in real seconds over the window; the events layer draws the axis (see chart-style.ts otherLayerAxis). */
const time = (field: string, speed: number, dataLayer = true) => ({
  field,
  type: 'quantitative',
  scale: { domain: { expr: '[winStart, winEnd]' }, nice: false, zero: false },
  axis: dataLayer ? timeAxis(speed) : otherLayerAxis(speed, timeAxis(speed)),
});
const color = {
  field: 'cat',
  type: 'nominal',
  scale: { domain: Object.keys(spaceTimeColors), range: Object.values(spaceTimeColors) },
  legend: null,
};
const opacity = { field: 'op', type: 'quantitative', scale: null, legend: null };

export function spaceTimeSpec(
  labels: readonly string[],
  speed: number,
  hasVectorClocks: boolean,
  faults: FaultMarkers,
) {
  const machines = labels.length;
  // One VM per horizontal line, VM 0 at the top. Every layer states the same axis (see the overview's).
  const y = (field: string) => ({
    field,
    type: 'quantitative',
    scale: { domain: [machines - 0.5, -0.5], nice: false, zero: false },
    axis: {
      title: null,
      values: labels.map((_, i) => i),
      labelExpr: `${JSON.stringify(labels)}[datum.value]`,
      grid: false,
      labelFontSize: 11,
      labelLimit: 400,
    },
  });
  const eventTooltip = [
    { field: 'what', title: 'event' },
    { field: 'when', title: 'time' },
    { field: 'clock', title: 'clock' },
    { field: 'msg', title: 'message' },
    ...(hasVectorClocks ? [{ field: 'vcText', title: 'vector clock' }] : []),
  ];
  return {
    $schema: vegaLiteSchema,
    ...fitWidth,
    height: Math.max(160, 70 * machines),
    params: [
      { name: 'winStart', value: 0 },
      { name: 'winEnd', value: 1 },
    ],
    layer: [
      // One invisible row is enough for the top axis: the window, not the data, sets the x domain.
      ...experimentAxisLayer(speed, 't', { values: [{ t: 0 }] }),
      ...vmFaultLayers(faults, machines, { x: (field) => time(field, speed, false), y }),
      {
        data: { values: labels.map((_, vm) => ({ vm })) },
        mark: { type: 'rule', color: '#bbb' },
        encoding: { y: y('vm') },
      },
      {
        data: { name: 'lines' },
        mark: { type: 'rule', clip: true, strokeWidth: 1.3 },
        encoding: {
          x: time('t0', speed, false),
          x2: { field: 't1' },
          y: y('y0'),
          y2: { field: 'y1' },
          color,
          opacity,
          strokeDash: {
            field: 'cat',
            type: 'nominal',
            scale: {
              domain: ['dropped', 'pending', 'lost', 'unknown'],
              range: [
                [3, 2],
                [3, 2],
                [3, 2],
                [3, 2],
              ],
              unknown: [1, 0],
            },
            legend: null,
          },
          tooltip: [{ field: 'msg', title: 'message' }],
        },
      },
      {
        data: { name: 'marks' },
        mark: { type: 'point', filled: true, clip: true, size: 70 },
        encoding: {
          x: time('t', speed, false),
          y: y('y'),
          shape: { field: 'shape', type: 'nominal', scale: null },
          angle: { field: 'angle', type: 'quantitative', scale: null },
          color,
          opacity,
          tooltip: [{ field: 'msg', title: 'message' }],
        },
      },
      {
        data: { name: 'events' },
        mark: { type: 'point', filled: true, clip: true, size: 55, stroke: 'white', strokeWidth: 0.5 },
        encoding: { x: time('t', speed), y: y('vm'), color, opacity, tooltip: eventTooltip },
      },
    ],
    resolve: layerResolve(speed),
  };
}
