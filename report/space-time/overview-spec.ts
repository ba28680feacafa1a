/**
 * The vega-lite spec of the strip above the space-time diagram: the whole run, events per slice, the faults, every
 * undelivered copy as a red tick, and the current window as a grey box (named data the page replaces as it moves).
 */
import { faultLayer, fitWidth, layerResolve, vegaLiteSchema } from '../charts/chart-style.js';
import type { FaultMarkers } from '../charts/fault-markers.js';
import type { OverviewData } from './overview-data.js';
import { spaceTimeColors } from './space-time-spec.js';

/** Events per time slice, the faults, every undelivered copy, and the window as a grey box. */
export function overviewSpec(endMs: number, faults: FaultMarkers, data: OverviewData) {
  // Every layer states the same axis (layers merge their axes; one `axis: null` would remove it).
  const axis = { title: null, grid: false, tickCount: 20, labelFontSize: 9 };
  const x = { field: 't0', type: 'quantitative', scale: { domain: [0, endMs / 1000], nice: false, zero: false }, axis };
  return {
    $schema: vegaLiteSchema,
    ...fitWidth,
    height: 54,
    layer: [
      ...faultLayer(faults, axis, false),
      {
        data: { values: data.density },
        // A rect from 0 up (a bar with x and x2 would be a horizontal range bar).
        mark: { type: 'rect', color: '#7f97b5' },
        encoding: {
          x,
          x2: { field: 't1' },
          // sqrt: a burst of catch-up ticks (after a pause) must not flatten the rest of the strip.
          y: { field: 'count', type: 'quantitative', axis: null, scale: { type: 'sqrt' } },
          y2: { datum: 0 },
          tooltip: [
            { field: 't0', title: 'from (s)', format: '.3f' },
            { field: 'count', title: 'events' },
          ],
        },
      },
      {
        data: { values: data.undelivered },
        mark: { type: 'rule', color: spaceTimeColors.dropped, opacity: 0.7 },
        encoding: { x: { field: 't', type: 'quantitative', axis } },
      },
      {
        data: { name: 'window' },
        mark: { type: 'rect', fill: '#000', fillOpacity: 0.12, stroke: '#000', strokeWidth: 1.5 },
        encoding: { x: { field: 't0', type: 'quantitative', axis }, x2: { field: 't1' } },
      },
    ],
    resolve: layerResolve(1),
  };
}
