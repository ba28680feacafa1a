/**
 * report.html: one self-contained page (vega inlined, data inlined, no network): what ran and the checker's verdict
 * at the top, the summary table, the time charts, then the space-time diagram with its window controls.
 */
import type { AnalyzeResult } from '../../analysis/analyze-run.js';
import type { CheckResult } from '../../analysis/check-run.js';
import type { RunFacts } from '../../run-folder/run-facts.js';
import type { ChartSpec } from '../charts/chart-style.js';
import type { FaultMarkers } from '../charts/fault-markers.js';
import { spaceTimeLegend } from '../space-time/space-time-legend.js';
import { escapeHtml, jsonScriptTag } from './html-text.js';
import { missingScripts, type PageScripts, pageScriptTags } from './page-scripts.js';
import { pageStyle } from './page-style.js';
import { runHeader, summarySection, verdictSection } from './summary-section.js';

export type ReportPage = {
  facts: RunFacts;
  rows: number;
  analysis: AnalyzeResult;
  check: CheckResult;
  charts: ChartSpec[];
  faults: FaultMarkers;
  /** The packed space-time data as JSON text (space-time-data.ts, json-text.ts): megabytes, so built once. */
  spaceTimeJson: string;
  spaceTimeOptions: object;
  hasVectorClocks: boolean;
  scripts: PageScripts;
  generatedAt: string;
};

export function reportHtml(page: ReportPage): string {
  const { facts } = page;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>clocklab run ${escapeHtml(facts.runId)}</title>
<style>${pageStyle}</style>
</head>
<body>
<h1>Run ${escapeHtml(facts.runId)}</h1>
${runHeader(facts, page.rows)}
${verdictSection(page.check)}
<h2>Summary</h2>
${summarySection(page.analysis)}
${faultText(page.faults)}
${page.scripts.ok ? charts(page) : missingScripts(page.scripts.missing)}
<p class="small">Written ${escapeHtml(page.generatedAt)} from ${escapeHtml(facts.runDir)}.</p>
${page.scripts.ok ? pageScriptTags(page.scripts, dataTags(page)) : ''}
</body>
</html>
`;
}

function charts(page: ReportPage): string {
  const blocks = page.charts.map(
    (c) =>
      `<h2>${escapeHtml(c.title)}</h2>\n<div id="${c.id}" class="chart"></div>` +
      (c.note === null ? '' : `\n<p class="small">${escapeHtml(c.note)}</p>`),
  );
  return `${blocks.join('\n')}
<h2>Space-time diagram</h2>
${spaceTimeLegend(page.hasVectorClocks, (page.facts.launcherDied?.unaccounted.length ?? 0) > 0)}
<div class="controls">
<button id="st-prev" type="button">&larr; earlier</button>
<button id="st-next" type="button">later &rarr;</button>
<button id="st-zoom-in" type="button">zoom in</button>
<button id="st-zoom-out" type="button">zoom out</button>
<input id="st-slider" type="range" min="0" max="0" step="any" value="0" aria-label="window start">
</div>
<div id="st-overview" class="chart overview" title="the whole run: press or drag to move the window"></div>
<p id="st-window" class="small"></p>
<div id="st-chart" class="chart spacetime"></div>
<p id="st-status" class="status">Click an event to ${page.hasVectorClocks ? 'highlight its causal past and future' : 'see its details'}.</p>`;
}

function dataTags(page: ReportPage): string[] {
  return [
    jsonScriptTag(
      'chart-specs',
      page.charts.map((c) => ({ id: c.id, spec: c.spec })),
    ),
    jsonScriptTag('space-time-options', page.spaceTimeOptions),
    // Already JSON text; '<' cannot appear in numbers, but labels are escaped all the same.
    `<script type="application/json" id="space-time-data">${page.spaceTimeJson.replace(/</g, '\\u003c')}</script>`,
  ];
}

function faultText(faults: FaultMarkers): string {
  const parts: string[] = [];
  if (faults.bands.length + faults.rules.length > 0) {
    parts.push(
      `Injected faults are marked on every time chart: ${[...faults.bands, ...faults.rules].map((f) => escapeHtml(f.label)).join('; ')}.`,
    );
  }
  if (faults.links.length > 0) parts.push(`Link faults for the whole run: ${faults.links.map(escapeHtml).join('; ')}.`);
  if (faults.problem !== null) parts.push(`<span class="note">${escapeHtml(faults.problem)}</span>`);
  return parts.length === 0 ? '' : `<p>${parts.join(' ')}</p>`;
}
