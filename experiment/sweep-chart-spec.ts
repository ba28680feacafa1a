/**
 * The sweep chart: each figure against one swept key path, the mean over trials with its 95% interval as a band, one
 * line per value of the other swept parameters (a single line when there are none).
 */
import type { FacetFit } from '../report/browser/fit-width.js';
import type { ChartSpec } from './chart-specs.js';
import type { ExperimentSummary } from './summarize-experiment.js';
import { type FigureKey, figures } from './trial-figures.js';

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
const labelOf = (key: FigureKey) => figures.find((f) => f.key === key)?.label ?? key;

const sweepFiguresShown: readonly FigureKey[] = ['jumpMean', 'gapShare', 'driftMean', 'queueMean', 'lateShare'];

/** Cells of at least 150 px and their axes; the legend (one entry per line) takes a share of the width too. */
const fit: FacetFit = { cells: sweepFiguresShown.length, minCellWidth: 150, cellOverhead: 100 };

export function sweepChart(summary: ExperimentSummary, key: string): ChartSpec {
  const others = Object.keys(summary.sweep ?? {}).filter((other) => other !== key);
  const othersTitle = others.join(', ') || 'sweep';
  const values = summary.variants.flatMap((variant) => {
    const point = variant.sweepValues;
    if (point === undefined) return [];
    // The legend's title names a single other key, so its entries need only the values.
    const line =
      others.length === 1
        ? String(point[others[0] ?? ''])
        : others.map((other) => `${other}=${String(point[other])}`).join(', ') || 'all';
    return sweepFiguresShown.flatMap((figure) => {
      const spread = variant.figures[figure];
      if (spread.mean === null) return [];
      const [lo, hi] = spread.ci95 ?? [spread.mean, spread.mean];
      return [{ x: point[key], line, figure: labelOf(figure), mean: spread.mean, lo, hi, n: spread.n }];
    });
  });
  const numeric = (summary.sweep?.[key] ?? []).every((value) => typeof value === 'number');
  const x = numeric
    ? { field: 'x', type: 'quantitative', title: key, scale: { zero: false } }
    : { field: 'x', type: 'ordinal', title: key };
  // Lines in grid order (2, 3, ... 12, not 10, 11, 12, 2), shaded along it: the other parameter is usually a number.
  const lineOrder = [...new Set(values.map((v) => v.line))];
  const color = {
    field: 'line',
    type: 'ordinal',
    title: othersTitle,
    sort: lineOrder,
    scale: { scheme: { name: 'viridis', extent: [0, 0.85] } },
  };
  return {
    id: `chart-sweep-${key.replace(/[^A-Za-z0-9]+/g, '-')}`,
    title: `Each figure against ${key}: mean over trials and its 95% interval (band), one line per ${othersTitle}`,
    spec: {
      $schema: schema,
      data: { values },
      // Cells wrap into as many columns as the page's width holds (report/browser/fit-width.ts).
      usermeta: { fit },
      facet: { field: 'figure', type: 'nominal', title: null, sort: sweepFiguresShown.map(labelOf) },
      spec: {
        width: 170,
        height: 170,
        layer: [
          {
            mark: { type: 'errorband', opacity: 0.2 },
            encoding: { x, y: { field: 'lo', type: 'quantitative', title: null }, y2: { field: 'hi' }, color },
          },
          {
            mark: { type: 'line', point: true },
            encoding: {
              x,
              y: { field: 'mean', type: 'quantitative', title: null, scale: { zero: false } },
              color,
              tooltip: [
                { field: 'line', title: othersTitle },
                { field: 'x', title: key },
                { field: 'mean', format: '.3f' },
                { field: 'lo', format: '.3f' },
                { field: 'hi', format: '.3f' },
                { field: 'n', title: 'trials' },
              ],
            },
          },
        ],
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}
