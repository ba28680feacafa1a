/**
 * The experiment summary for the terminal, fitted to its width: the claims' verdicts, then one row per variant with
 * mean ± sd over its trials. Figures that do not fit follow in further blocks under the variant column; with many
 * variants (a sweep) only the first block is printed and a note points to summary.md, which has every figure.
 */
import { fitTable } from '../analysis/text-table.js';
import { claimHead, claimRow } from './claims-table.js';
import { formatSpread } from './spread.js';
import type { ExperimentSummary } from './summarize-experiment.js';
import { type FigureKey, figures } from './trial-figures.js';

/** In order of importance: the first ones are kept when the terminal is narrow. */
const shown: readonly FigureKey[] = [
  'jumpMean',
  'driftMean',
  'queueMean',
  'gapShare',
  'lateShare',
  'jumpMax',
  'driftWorst',
  'queueMax',
  'rateRatio',
];

/** Above this many variants, a second block of the same rows would be longer than it helps. */
const oneBlockAbove = 12;

export function formatExperimentTable(summary: ExperimentSummary, width: number): string {
  const chosen = shown.map((key) => figures.find((f) => f.key === key)).filter((f) => f !== undefined);
  const head = ['variant', 'trials', 'rates', 'events', ...chosen.map((f) => f.label)];
  const rows = summary.variants.map((variant) => [
    variant.name,
    `${variant.trials.ok}/${variant.trials.planned}`,
    variant.setup.clockRates,
    `1..${variant.setup.eventRange}`,
    ...chosen.map((f) => formatSpread(variant.figures[f.key], f.digits)),
  ]);
  const maxBlocks = summary.variants.length > oneBlockAbove ? 1 : undefined;
  const table = fitTable(head, rows, { width, keep: 1, whole: 'summary.md', ...(maxBlocks ? { maxBlocks } : {}) });
  const claims = summary.claims.length === 0 ? [] : [...claimsTable(summary, width), ''];
  return [...claims, ...table].join('\n');
}

function claimsTable(summary: ExperimentSummary, width: number): string[] {
  return fitTable([...claimHead], summary.claims.map(claimRow), { width, keep: 1, whole: 'summary.md' });
}
