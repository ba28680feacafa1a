/** `summary.md`: the setup, every figure as mean ± sd per variant, the per-rate view, each trial, and definitions. */

import { counted } from '../shared/counted.js';
import { claimHead, claimRow, claimsExplained } from './claims-table.js';
import { fixed, formatSpread } from './spread.js';
import { type ExperimentSummary, type TrialRecord, trialStatusText } from './summarize-experiment.js';
import { figures } from './trial-figures.js';
import type { RateRow } from './variant-summary.js';

export function experimentMarkdown(summary: ExperimentSummary): string {
  const out: string[] = [`# Experiment ${summary.experiment}`, ''];
  if (summary.description !== null) out.push(summary.description, '');
  out.push(
    `From \`${summary.file}\`; base seed ${summary.seed} (trial k of every variant ran with seed ${summary.seed} + k - 1); ` +
      `written ${summary.generatedAt}. Figures are mean ± sample standard deviation over the variant's complete trials.`,
    '',
    ...claimsSection(summary),
    '## Setup',
    '',
    table(
      ['variant', 'trials ok', 'machines', 'clock rates', 'events', 'duration s', 'speed'],
      summary.variants.map((v) => [
        v.name,
        `${v.trials.ok}/${v.trials.planned}`,
        String(v.setup.machines),
        v.setup.clockRates,
        `1..${v.setup.eventRange}`,
        String(v.setup.durationSeconds),
        String(v.setup.speed),
      ]),
    ),
    '',
    '## Figures',
    '',
    figuresTable(summary),
    '',
    '## By clock rate',
    '',
    'Every VM of every complete trial, grouped by its configured clock rate (ticks per experiment second).',
    '',
  );
  for (const variant of summary.variants) {
    out.push(`### ${variant.name}`, '', rateTable(variant.byRate), '');
  }
  out.push('## Trials', '', trialTable(summary.trials), '', '## Definitions', '');
  for (const f of figures) out.push(`- **${f.label}**: ${f.about}.`);
  out.push('');
  return out.join('\n');
}

/** A column per variant while they fit on a page; a row per variant beyond, or for a sweep (dozens of them). */
function figuresTable(summary: ExperimentSummary): string {
  if (summary.sweep === null && summary.variants.length <= 8) {
    return table(
      ['figure', ...summary.variants.map((v) => v.name)],
      figures.map((f) => [f.label, ...summary.variants.map((v) => formatSpread(v.figures[f.key], f.digits))]),
    );
  }
  return table(
    ['variant', ...figures.map((f) => f.label)],
    summary.variants.map((v) => [v.name, ...figures.map((f) => formatSpread(v.figures[f.key], f.digits))]),
  );
}

function claimsSection(summary: ExperimentSummary): string[] {
  if (summary.claims.length === 0) return [];
  const details = summary.claims.flatMap((claim) => {
    const lines = [`- **${claim.id}**: ${claim.statement}. Measure: ${claim.measure}.`];
    for (const v of claim.byVariant ?? []) {
      const ci = v.ci === null ? '-' : `${fixed(v.ci[0], 2)} .. ${fixed(v.ci[1], 2)}`;
      lines.push(
        `  - in ${v.variant} (${counted(v.vms, 'VM')}, ${counted(v.n, 'trial')}): ${fixed(v.effect, 2)} [${ci}] ${v.verdict}`,
      );
    }
    for (const p of claim.parts ?? []) {
      const ci = p.ci === null ? '-' : `${fixed(p.ci[0], 2)} .. ${fixed(p.ci[1], 2)}`;
      lines.push(`  - ${p.variant} alone (${counted(p.n, 'pair')}): ${fixed(p.effect, 2)} [${ci}] ${p.verdict}`);
    }
    if (claim.note !== undefined) lines.push(`  - ${claim.note}`);
    return lines;
  });
  return [
    '## Claims',
    '',
    table([...claimHead], summary.claims.map(claimRow)),
    '',
    claimsExplained,
    '',
    ...details,
    '',
  ];
}

function rateTable(rows: readonly RateRow[]): string {
  if (rows.length === 0) return '(no complete trial)';
  return table(
    ['rate', 'VMs', 'achieved rate', 'jump mean', 'drift mean', 'queue mean'],
    rows.map((r) => [
      String(r.rate),
      String(r.vms),
      fixed(r.achievedRate, 2),
      fixed(r.jumpMean, 2),
      fixed(r.driftMean, 1),
      fixed(r.queueMean, 2),
    ]),
  );
}

function trialTable(trials: readonly TrialRecord[]): string {
  return table(
    ['variant', 'trial', 'seed', 'status', 'clock rates', 'folder'],
    trials.map((t) => [
      t.variant,
      String(t.k),
      String(t.seed),
      trialStatusText(t),
      t.clockRates?.join(', ') ?? '-',
      `[${t.dir}](${t.dir}/)`,
    ]),
  );
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
