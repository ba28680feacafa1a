/** The comparison page (`launcher compare --html FILE`): the key figures side by side, then the charts overlaid. */
import { cellText } from '../../analysis/text-table.js';
import type { ChartSpec } from '../charts/chart-style.js';
import type { ComparedRun } from '../compare-runs.js';
import { figureRows } from '../run-figures.js';
import { escapeHtml, jsonScriptTag } from './html-text.js';
import { missingScripts, type PageScripts, pageScriptTags } from './page-scripts.js';
import { pageStyle } from './page-style.js';

export function compareHtml(
  runs: readonly ComparedRun[],
  charts: readonly ChartSpec[],
  scripts: PageScripts,
  generatedAt: string,
): string {
  const head = `<tr><th>figure</th>${runs.map((r) => `<th>${escapeHtml(r.label)}</th>`).join('')}</tr>`;
  const rows = figureRows.map(
    ([name, figure]) =>
      `<tr><td>${escapeHtml(name)}</td>${runs.map((r) => `<td>${escapeHtml(cellText(figure(r.figures), 3))}</td>`).join('')}</tr>`,
  );
  const blocks = charts.map(
    (c) =>
      `<h2>${escapeHtml(c.title)}</h2>\n<div id="${c.id}" class="chart"></div>` +
      (c.note === null ? '' : `\n<p class="small">${escapeHtml(c.note)}</p>`),
  );
  const specs = jsonScriptTag(
    'chart-specs',
    charts.map((c) => ({ id: c.id, spec: c.spec })),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>clocklab: ${runs.length} runs compared</title>
<style>${pageStyle}</style>
</head>
<body>
<h1>${runs.length} runs compared</h1>
<p>${runs.map((r) => `<b>${escapeHtml(r.label)}</b>: ${escapeHtml(r.dir)}`).join('; ')}.</p>
<div class="table-box"><table>${head}\n${rows.join('\n')}</table></div>
<p class="small">Pooled over each run's VMs: jump mean weighted by events, drift mean by grid points; rates and times
in experiment seconds (real seconds x speed).</p>
${scripts.ok ? blocks.join('\n') : missingScripts(scripts.missing)}
<p class="small">Written ${escapeHtml(generatedAt)}.</p>
${scripts.ok ? pageScriptTags(scripts, [specs]) : ''}
</body>
</html>
`;
}
