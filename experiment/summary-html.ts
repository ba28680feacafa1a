/**
 * `summary.html`: one self-contained page (works offline, no CDN): a table per variant, then the charts with the
 * variants side by side, drawn by vega-embed from specs carried in the page. Without the vega builds installed the
 * page still has every table, and says why the charts are missing.
 */

import { escapeHtml, jsonScriptTag } from '../report/html/html-text.js';
import { missingScripts, type PageScripts, pageScriptTags } from '../report/html/page-scripts.js';
import { pageStyle } from '../report/html/page-style.js';
import { counted } from '../shared/counted.js';
import { chartSpecs } from './chart-specs.js';
import { claimHead, claimRow, claimsExplained } from './claims-table.js';
import { fixed, formatSpread } from './spread.js';
import { type ExperimentSummary, type TrialRecord, trialStatusText } from './summarize-experiment.js';
import { figures } from './trial-figures.js';
import type { VariantSummary } from './variant-summary.js';

export function experimentHtml(summary: ExperimentSummary, scripts: PageScripts): string {
  const charts = chartSpecs(summary);
  const chartBlocks =
    charts.length === 0
      ? '<p>No charts: no trial is complete (see the trials above).</p>'
      : scripts.ok
        ? charts.map((c) => `<h3>${escapeHtml(c.title)}</h3>\n<div id="${c.id}" class="chart"></div>`).join('\n')
        : missingScripts(scripts.missing);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>clocklab experiment ${escapeHtml(summary.experiment)}</title>
<style>${pageStyle}
.variants { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.variants section { min-width: 0; max-width: 100%; }
.claims td { white-space: normal; } .claims td:nth-child(2), .claims td:last-child { text-align: left; }
td.confirmed { background: #e3f4e3; } td.refuted { background: #f8e0e0; } td.inconclusive { background: #f2f2f2; }
</style>
</head>
<body>
<h1>Experiment ${escapeHtml(summary.experiment)}</h1>
${summary.description === null ? '' : `<p>${escapeHtml(summary.description)}</p>`}
<p>From <code>${escapeHtml(summary.file)}</code>; base seed ${summary.seed} (trial k of every variant: seed ${summary.seed} + k - 1);
written ${escapeHtml(summary.generatedAt)}. Figures: mean ± sample sd over each variant's complete trials.</p>
${claimsBlock(summary)}
${unfinishedBlock(summary)}
${variantsBlock(summary)}
<h2>Charts</h2>
${chartBlocks}
${scripts.ok ? pageScriptTags(scripts, [jsonScriptTag('chart-specs', charts)]) : ''}
</body>
</html>
`;
}

/**
 * Every trial that is not complete and why (as summary.md's trial table says), so a page of dashes is explained; then
 * every complete trial whose folder fails check, whose figures are in the page.
 */
function unfinishedBlock(summary: ExperimentSummary): string {
  const unfinished = summary.trials.filter((t) => t.status !== 'ok');
  const failing = summary.trials.filter((t) => t.status === 'ok' && t.failsCheck !== null);
  const all = unfinished.length === summary.trials.length ? 'No trial is complete' : 'Trials not complete';
  return [
    trialsBlock(`${all}: ${unfinished.length} of ${summary.trials.length}`, unfinished),
    trialsBlock(`Trials in the figures whose folder fails check: ${failing.length}`, failing),
  ].join('');
}

function trialsBlock(heading: string, trials: readonly TrialRecord[]): string {
  if (trials.length === 0) return '';
  const rows = trials.map((t) => {
    const folder = `<a href="${escapeHtml(encodeURI(t.dir))}/">${escapeHtml(t.dir)}</a>`;
    return `<tr><td>${escapeHtml(t.variant)}</td><td>${t.k}</td><td>${t.seed}</td><td>${escapeHtml(trialStatusText(t))}</td><td>${folder}</td></tr>`;
  });
  return `<h2>${heading}</h2>
<div class="table-box"><table class="unfinished"><tr><th>variant</th><th>trial</th><th>seed</th><th>status</th><th>folder</th></tr>
${rows.join('\n')}
</table></div>`;
}

/** A sweep's dozens of variants stay folded until asked for: the charts above say it per parameter. */
function variantsBlock(summary: ExperimentSummary): string {
  const blocks = `<div class="variants">\n${summary.variants.map(variantBlock).join('\n')}\n</div>`;
  if (summary.sweep === null) return blocks;
  return `<details><summary>Each of the ${summary.variants.length} variants</summary>\n${blocks}\n</details>`;
}

function variantBlock(variant: VariantSummary): string {
  const { setup } = variant;
  const rows = figures.map((f) => row([f.label, formatSpread(variant.figures[f.key], f.digits)]));
  const rateRows = variant.byRate.map((r) =>
    row([String(r.rate), String(r.vms), fixed(r.jumpMean, 2), fixed(r.driftMean, 1), fixed(r.queueMean, 2)]),
  );
  return `<section>
<h2>${escapeHtml(variant.name)}</h2>
${variant.description === null ? '' : `<p>${escapeHtml(variant.description)}</p>`}
<p>${setup.machines} VMs, rates ${escapeHtml(setup.clockRates)}, events 1..${setup.eventRange}, ${setup.durationSeconds} s at speed ${setup.speed};
${variant.trials.ok} of ${counted(variant.trials.planned, 'trial')} complete.</p>
<div class="table-box"><table><tr><th>figure</th><th>mean ± sd</th></tr>
${rows.join('\n')}
</table></div>
<div class="table-box"><table><tr><th>rate</th><th>VMs</th><th>jump mean</th><th>drift mean</th><th>queue mean</th></tr>
${rateRows.join('\n')}
</table></div>
</section>`;
}

function claimsBlock(summary: ExperimentSummary): string {
  if (summary.claims.length === 0) return '';
  const rows = summary.claims.map((claim) => {
    const [id = '', verdict = '', ...rest] = claimRow(claim);
    const cells = [
      `<td title="${escapeHtml(claim.measure)}">${escapeHtml(id)}<br><small>${escapeHtml(claim.statement)}</small></td>`,
      `<td class="${verdict}">${escapeHtml(verdict)}</td>`,
      ...rest.map((c) => `<td>${escapeHtml(c)}</td>`),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<h2>Claims</h2>
<div class="table-box"><table class="claims"><tr>${claimHead.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>
${rows.join('\n')}
</table></div>
<p>${escapeHtml(claimsExplained)} Each claim's measure shows when the pointer rests on its name; summary.md and
summary.json give it per variant.</p>`;
}

const row = (cells: readonly string[]) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
