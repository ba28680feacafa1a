/**
 * Vega-Lite specs for the experiment page, data inline: each trial's figures per variant (points, mean and ± 1 sd),
 * and every VM's figures against its clock rate with the variants side by side (the notebook's view: slow VMs jump
 * further, drift more and queue more).
 */
import type { FacetFit } from '../report/browser/fit-width.js';
import type { ExperimentSummary } from './summarize-experiment.js';
import { sweepChart } from './sweep-chart-spec.js';
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
  const charts =
    sweepCharts.length > 0
      ? sweepCharts
      : [trialChart(summary, variantOrder), ...vmFiguresShown.map(([key, label]) => vmChart(summary, key, label))];
  // A chart of no points (no trial complete) is empty axes, and vega warns of an infinite extent: leave it out.
  return charts.filter((c) => ((c.spec.data as { values?: unknown[] } | undefined)?.values?.length ?? 0) > 0);
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
  const bars = spreadBar(summary, x);
  return {
    id: 'chart-trials',
    // The title names the sd bar only when one is drawn (one trial per variant draws none).
    title:
      bars.length > 0
        ? 'Each trial (dots), mean and ± 1 sd (bar) per variant'
        : 'Each trial (dots) and mean per variant',
    spec: {
      $schema: schema,
      data: { values },
      // Cells wrap into as many columns as the page's width holds (report/browser/fit-width.ts).
      usermeta: { fit: facetFit(trialFiguresShown.length) },
      facet: { field: 'figure', type: 'nominal', title: null, sort: trialFiguresShown.map(labelOf) },
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
          ...bars,
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

/**
 * The ± 1 sd bar, when some variant has two complete trials: with one trial each, every sd is undefined and vega
 * warns of an infinite extent for each bar's ends.
 */
function spreadBar(summary: ExperimentSummary, x: Record<string, unknown>): Record<string, unknown>[] {
  const complete = summary.trials.filter((t) => t.figures !== null);
  const twice = summary.variants.some((v) => complete.filter((t) => t.variant === v.name).length >= 2);
  if (!twice) return [];
  return [
    {
      mark: { type: 'errorbar', extent: 'stdev', ticks: true },
      encoding: { x, y: { field: 'value', type: 'quantitative', title: null } },
    },
  ];
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
      usermeta: { fit: facetFit(summary.variants.length) },
      facet: { field: 'variant', type: 'nominal', sort: summary.variants.map((v) => v.name), title: null },
      spec: {
        width: 170,
        height: 170,
        mark: { type: 'point', filled: true, opacity: 0.7 },
        encoding: {
          x: { field: 'rate', type: 'quantitative', title: 'clock rate (ticks/s)', scale: { zero: false } },
          y: { field: 'value', type: 'quantitative', title: label },
          color: { field: 'trial', type: 'ordinal', title: 'trial' },
          tooltip: [{ field: 'trial' }, { field: 'vm' }, { field: 'rate' }, { field: 'value', format: '.3f' }],
        },
      },
    },
  };
}

/** Cells of at least 150 px and their axes; the legend (trials) takes a share of the width too. */
const facetFit = (cells: number): FacetFit => ({ cells, minCellWidth: 150, cellOverhead: 80 });

const labelOf = (key: FigureKey) => figures.find((f) => f.key === key)?.label ?? key;
