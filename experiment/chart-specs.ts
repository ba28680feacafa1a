/**
 * Vega-Lite specs for the experiment page, data inline: each trial's figures per variant (points, mean and ± 1 sd),
 * and every VM's figures against its clock rate with the variants side by side (the notebook's view: slow VMs jump
 * further, drift more and queue more).
 */
import type { ExperimentSummary } from './summarize-experiment.js';
import { type FigureKey, figures } from './trial-figures.js';

export type ChartSpec = { id: string; title: string; spec: Record<string, unknown> };

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
const trialFiguresShown: readonly FigureKey[] = ['jumpMean', 'gapShare', 'driftMean', 'queueMean', 'rateRatio'];
const vmFiguresShown = [
  ['jumpMean', 'mean jump'],
  ['driftMean', 'mean drift'],
  ['queueMean', 'mean queue length'],
] as const;

export function chartSpecs(summary: ExperimentSummary): ChartSpec[] {
  const variantOrder = summary.variants.map((v) => v.name);
  const sweepCharts = Object.keys(summary.sweep ?? {}).map((key) => sweepChart(summary, key));
  // With a sweep the per-variant charts would hold dozens of columns: the sweep charts say it per parameter instead.
  if (sweepCharts.length > 0) return sweepCharts;
  return [trialChart(summary, variantOrder), ...vmFiguresShown.map(([key, label]) => vmChart(summary, key, label))];
}

const sweepFiguresShown: readonly FigureKey[] = ['jumpMean', 'gapShare', 'driftMean', 'queueMean', 'lateShare'];

/**
 * Each figure against one swept key path: the mean over trials with its 95% interval as a band, one line per value
 * of the other swept parameters (a single line when there are none).
 */
function sweepChart(summary: ExperimentSummary, key: string): ChartSpec {
  const others = Object.keys(summary.sweep ?? {}).filter((other) => other !== key);
  const othersTitle = others.join(', ') || 'sweep';
  const values = summary.variants.flatMap((variant) => {
    const point = variant.sweepValues;
    if (point === undefined) return [];
    const line = others.map((other) => `${other}=${String(point[other])}`).join(', ') || 'all';
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
      facet: { column: { field: 'figure', type: 'nominal', title: null, sort: sweepFiguresShown.map(labelOf) } },
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

function trialChart(summary: ExperimentSummary, variantOrder: string[]): ChartSpec {
  const values = summary.trials.flatMap((trial) =>
    trialFiguresShown.flatMap((key) => {
      const value = trial.figures?.[key] ?? null;
      const label = figures.find((f) => f.key === key)?.label ?? key;
      return value === null ? [] : [{ variant: trial.variant, trial: trial.k, figure: label, value }];
    }),
  );
  const x = { field: 'variant', type: 'nominal', sort: variantOrder, title: null, axis: { labelAngle: -30 } };
  return {
    id: 'chart-trials',
    title: 'Each trial (dots), mean and ± 1 sd (bar) per variant',
    spec: {
      $schema: schema,
      data: { values },
      facet: { column: { field: 'figure', type: 'nominal', title: null, sort: trialFiguresShown.map(labelOf) } },
      spec: {
        width: 150,
        height: 180,
        layer: [
          {
            mark: { type: 'point', filled: true, opacity: 0.6 },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
              color: { field: 'variant', type: 'nominal', sort: variantOrder, legend: null },
              tooltip: [{ field: 'variant' }, { field: 'trial' }, { field: 'value', format: '.3f' }],
            },
          },
          {
            mark: { type: 'errorbar', extent: 'stdev', ticks: true },
            encoding: { x, y: { field: 'value', type: 'quantitative', title: null } },
          },
          {
            mark: { type: 'tick', thickness: 2, color: 'black' },
            encoding: { x, y: { aggregate: 'mean', field: 'value', type: 'quantitative', title: null } },
          },
        ],
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}

function vmChart(summary: ExperimentSummary, key: (typeof vmFiguresShown)[number][0], label: string): ChartSpec {
  const values = summary.vms
    .filter((p) => p[key] !== null)
    .map((p) => ({ variant: p.variant, trial: p.trial, vm: p.vm, rate: p.configuredRate, value: p[key] }));
  return {
    id: `chart-${key}`,
    title: `Each VM's ${label} against its clock rate, variants side by side`,
    spec: {
      $schema: schema,
      data: { values },
      width: 170,
      height: 170,
      mark: { type: 'point', filled: true, opacity: 0.7 },
      encoding: {
        column: { field: 'variant', type: 'nominal', sort: summary.variants.map((v) => v.name), title: null },
        x: { field: 'rate', type: 'quantitative', title: 'clock rate (ticks/s)', scale: { zero: false } },
        y: { field: 'value', type: 'quantitative', title: label },
        color: { field: 'trial', type: 'ordinal', title: 'trial' },
        tooltip: [{ field: 'trial' }, { field: 'vm' }, { field: 'rate' }, { field: 'value', format: '.3f' }],
      },
    },
  };
}

const labelOf = (key: FigureKey) => figures.find((f) => f.key === key)?.label ?? key;
