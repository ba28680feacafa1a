/** The experiment summary as a terminal table: one row per variant, mean ± spread (sample sd) over its trials. */

import { formatSpread } from './spread.js';
import type { ExperimentSummary } from './summarize-experiment.js';
import { type FigureKey, figures } from './trial-figures.js';

/** The figures that fit on a terminal line; summary.md has them all. */
const shown: readonly FigureKey[] = [
  'jumpMean',
  'jumpMax',
  'gapShare',
  'driftMean',
  'driftWorst',
  'queueMean',
  'queueMax',
  'rateRatio',
  'lateShare',
];

export function formatExperimentTable(summary: ExperimentSummary, keys: readonly FigureKey[] = shown): string {
  const chosen = keys.map((key) => figures.find((f) => f.key === key)).filter((f) => f !== undefined);
  const head = ['variant', 'trials', 'rates', 'events', ...chosen.map((f) => f.label)];
  const rows = summary.variants.map((variant) => [
    variant.name,
    `${variant.trials.ok}/${variant.trials.planned}`,
    variant.setup.clockRates,
    `1..${variant.setup.eventRange}`,
    ...chosen.map((f) => formatSpread(variant.figures[f.key], f.digits)),
  ]);
  return alignColumns([head, ...rows]);
}

export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => row[c]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
