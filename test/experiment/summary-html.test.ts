import { describe, expect, test } from '@jest/globals';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartSpecs } from '../../experiment/chart-specs.js';
import { spreadOf } from '../../experiment/spread.js';
import type { ExperimentSummary } from '../../experiment/summarize-experiment.js';
import { experimentHtml } from '../../experiment/summary-html.js';
import { experimentMarkdown } from '../../experiment/summary-markdown.js';
import { formatExperimentTable } from '../../experiment/summary-table.js';
import { figures, type TrialFigures, trialFigures } from '../../experiment/trial-figures.js';
import type { VariantSummary } from '../../experiment/variant-summary.js';
import { vmPoints } from '../../experiment/vm-points.js';
import { readPageScripts } from '../../report/html/page-scripts.js';
import { runAnalysis, vmAnalysis } from './analysis-fixture.js';

function analysisFor(scale: number) {
  return runAnalysis([
    vmAnalysis(0, {
      rate: 1,
      achieved: 1,
      jumps: [1, 2 * scale, 3],
      drift: { mean: -5 * scale, worst: -9 },
      queue: { mean: scale, max: 4 },
    }),
    vmAnalysis(1, {
      rate: 6,
      achieved: 6,
      jumps: [1, 1, 1],
      drift: { mean: 0, worst: -1 },
      queue: { mean: 0, max: 1 },
    }),
  ]);
}

function variant(name: string, trials: TrialFigures[]): VariantSummary {
  const spreads = figures.map((f) => [f.key, spreadOf(trials.map((t) => t[f.key]))] as const);
  return {
    name,
    description: `<${name}> & co`,
    setup: { machines: 2, clockRates: '1-6', eventRange: 10, durationSeconds: 60, speed: 20 },
    trials: { planned: trials.length, ok: trials.length },
    figures: Object.fromEntries(spreads) as VariantSummary['figures'],
    byRate: [{ rate: 1, vms: 2, achievedRate: 1, jumpMean: 2, driftMean: -5, queueMean: 1 }],
  };
}

const analyses = [analysisFor(1), analysisFor(2), analysisFor(3)];
const summary: ExperimentSummary = {
  experiment: 'study',
  description: 'A </script> test',
  file: 'study.json',
  dir: '/x/study',
  seed: 4,
  parallel: 1,
  generatedAt: '2026-01-01T00:00:00.000Z',
  figures: figures.map(({ key, label, about }) => ({ key, label, about })),
  claims: [],
  sweep: null,
  variants: [
    variant('original', analyses.slice(0, 2).map(trialFigures)),
    variant('other', [trialFigures(analyses[2] ?? analysisFor(1))]),
  ],
  trials: [
    {
      variant: 'original',
      k: 1,
      seed: 4,
      dir: 'original/trial-1',
      status: 'ok',
      detail: null,
      failsCheck: null,
      clockRates: [1, 6],
      figures: trialFigures(analysisFor(1)),
    },
    {
      variant: 'original',
      k: 2,
      seed: 5,
      dir: 'original/trial-2',
      status: 'ok',
      detail: null,
      failsCheck: null,
      clockRates: [1, 6],
      figures: trialFigures(analysisFor(2)),
    },
    {
      variant: 'other',
      k: 1,
      seed: 4,
      dir: 'other/trial-1',
      status: 'ok',
      detail: null,
      failsCheck: null,
      clockRates: [1, 6],
      figures: trialFigures(analysisFor(3)),
    },
    {
      variant: 'other',
      k: 2,
      seed: 5,
      dir: 'other/trial-2',
      status: 'incomplete',
      detail: 'status failed',
      failsCheck: null,
      clockRates: null,
      figures: null,
    },
  ],
  vms: [
    ...vmPoints('original', 1, analysisFor(1)),
    ...vmPoints('original', 2, analysisFor(2)),
    ...vmPoints('other', 1, analysisFor(3)),
  ],
};

describe('the charts', () => {
  test('every spec compiles with vega-lite and renders to SVG with its data, variants side by side', async () => {
    const charts = chartSpecs(summary);
    expect(charts.map((c) => c.id)).toEqual(['chart-trials', 'chart-jumpMean', 'chart-driftMean', 'chart-queueMean']);
    for (const chart of charts) {
      const compiled = compile(chart.spec as unknown as TopLevelSpec).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      expect(svg).toMatch(/^<svg/);
      // Both variants head a column of their own.
      expect(svg).toContain('>original<');
      expect(svg).toContain('>other<');
    }
  });

  test('the trials chart says "± 1 sd" only when it draws the bar: not with one complete trial per variant', () => {
    const marks = (s: ExperimentSummary) => {
      const [trials] = chartSpecs(s);
      if (trials === undefined) throw new Error('no trials chart');
      const layers = (trials.spec.spec as { layer: { mark: { type: string } }[] }).layer;
      return { title: trials.title, marks: layers.map((l) => l.mark.type) };
    };
    expect(marks(summary)).toEqual({
      title: 'Each trial (dots), mean and ± 1 sd (bar) per variant',
      marks: ['point', 'errorbar', 'tick'],
    });
    const once = { ...summary, trials: summary.trials.filter((t) => t.k === 1) };
    expect(marks(once)).toEqual({ title: 'Each trial (dots) and mean per variant', marks: ['point', 'tick'] });
  });

  test('the per-VM charts carry one point per VM of each complete trial', () => {
    const [, jumps] = chartSpecs(summary);
    const values = (jumps?.spec.data as { values: unknown[] } | undefined)?.values ?? [];
    expect(values).toHaveLength(6);
    expect(values[0]).toEqual({ variant: 'original', trial: 1, vm: 0, rate: 1, value: 2 });
  });
});

describe('the page', () => {
  test('is self-contained: vega inlined, no script or style from the network', async () => {
    const scripts = await readPageScripts();
    expect(scripts.ok).toBe(true);
    const html = experimentHtml(summary, scripts);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html.length).toBeGreaterThan(500_000);
    // Text from the summary is escaped; the JSON specs cannot close their script element.
    expect(html).toContain('&lt;original&gt; &amp; co');
    expect(html).toContain('A &lt;/script&gt; test');
    const specs = /<script type="application\/json" id="chart-specs">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(specs)).toHaveLength(4);
    expect(html.match(/<section>/g)).toHaveLength(2);
  });

  test('without the vega builds it keeps every table and says why the charts are missing', () => {
    const html = experimentHtml(summary, { ok: false, missing: 'dist/page-scripts/vega.min.js' });
    expect(html).toContain('Charts need the page scripts (missing dist/page-scripts/vega.min.js)');
    expect(html).not.toContain('<script');
    expect(html.match(/<section>/g)).toHaveLength(2);
  });
});

test('the terminal table and summary.md show mean ± sd per variant', () => {
  const table = formatExperimentTable(summary, 400).split('\n');
  expect(table[0]).toMatch(/^variant\s+trials\s+rates\s+events\s+jump mean\s+drift mean\s+queue mean/);
  expect(table[1]).toMatch(/^original\s+2\/2\s+1-6\s+1\.\.10\s+1\.\d\d ± 0\.\d\d/);
  expect(table[2]).toMatch(/^other\s+1\/1/);
  const markdown = experimentMarkdown(summary);
  expect(markdown).toContain('| figure | original | other |');
  expect(markdown).toContain('| other | 2 | 5 | incomplete: status failed | - | [other/trial-2](other/trial-2/) |');
  for (const figure of figures) expect(markdown).toContain(`**${figure.label}**`);
});

describe('a sweep', () => {
  const point = (name: string, max: number, events: number, scale: number): VariantSummary => ({
    ...variant(name, [analysisFor(scale), analysisFor(scale + 1)].map(trialFigures)),
    sweepValues: { 'clockRate.max': max, eventRange: events },
  });
  const swept: ExperimentSummary = {
    ...summary,
    sweep: { 'clockRate.max': [2, 4, 6], eventRange: [3, 10] },
    variants: [2, 4, 6].flatMap((max) => [3, 10].map((events) => point(`m${max}-e${events}`, max, events, max))),
  };

  test('a chart per swept parameter: each figure against it, a line and band per value of the other', async () => {
    const charts = chartSpecs(swept);
    expect(charts.map((c) => c.id)).toEqual(['chart-sweep-clockRate-max', 'chart-sweep-eventRange']);
    const [byMax] = charts;
    const values = (byMax?.spec.data as { values: Record<string, unknown>[] } | undefined)?.values ?? [];
    const jumps = values.filter((v) => v.figure === 'jump mean');
    expect(jumps.map((v) => [v.x, v.line])).toEqual([
      [2, '3'],
      [2, '10'],
      [4, '3'],
      [4, '10'],
      [6, '3'],
      [6, '10'],
    ]);
    for (const v of jumps)
      expect((v.lo as number) <= (v.mean as number) && (v.mean as number) <= (v.hi as number)).toBe(true);
    for (const chart of charts) {
      const compiled = compile(chart.spec as unknown as TopLevelSpec).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      expect(svg).toContain('>jump mean<');
    }
  });

  test('the page folds the variants away under the charts; summary.md gives a row per variant', () => {
    const html = experimentHtml(swept, { ok: false, missing: 'vega' });
    expect(html).toContain('<details><summary>Each of the 6 variants</summary>');
    const markdown = experimentMarkdown(swept);
    expect(markdown).toMatch(/^\| variant \| jump mean \|/m);
    expect(markdown).toMatch(/^\| m6-e10 \| /m);
  });
});
