/**
 * Every terminal table fits the width it is given (the CLI gives the terminal's columns, 80 when not a terminal):
 * the run's per-VM summary, `analyze`, `compare` and the experiment summary, each rendered at 80 and 120 columns.
 * Nothing is lost: each column shows in some block, or the note names it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { formatAnalysis } from '../../analysis/format-analysis.js';
import { formatSummaryTable } from '../../cli/summary-table.js';
import type { ClaimResult } from '../../experiment/judge-claims.js';
import { spreadOf } from '../../experiment/spread.js';
import type { ExperimentSummary } from '../../experiment/summarize-experiment.js';
import { formatExperimentTable } from '../../experiment/summary-table.js';
import { figures } from '../../experiment/trial-figures.js';
import type { VariantSummary } from '../../experiment/variant-summary.js';
import { compareTable, loadComparedRuns } from '../../report/compare-runs.js';
import type { Manifest } from '../../run-folder/manifest.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

const widths = [80, 120];

function expectFits(lines: readonly string[], width: number): void {
  const over = lines.filter((line) => line.length > width);
  // Names the offending lines, not just a count.
  expect(over.map((line) => `${line.length}: ${line}`)).toEqual([]);
}

function expectEveryColumn(text: string, titles: readonly string[]): void {
  const missing = titles.filter((title) => !text.includes(title));
  expect(missing).toEqual([]);
}

describe.each(widths)('at %i columns', (width) => {
  test("the run's per-VM summary", async () => {
    const manifest = JSON.parse(await readFile(join(fixtureRun('restarted'), 'manifest.json'), 'utf8')) as Manifest;
    const vms = [...manifest.vms, ...manifest.vms.map((vm) => ({ ...vm, id: vm.id + 10, ticks: 123_456_789 }))];
    const text = formatSummaryTable(vms, manifest.clockRates, width);
    expectFits(text.split('\n'), width);
    expectEveryColumn(text, ['rate/s', 'final clock', 'queued at stop', 'dropped', 'vm11']);
  });

  test("analyze's tables and prose", async () => {
    for (const name of ['vectors', 'late-ticks', 'ended-early']) {
      const result = await analyzeRun(fixtureRun(name));
      if (!result.ok) throw new Error(result.detail);
      const text = formatAnalysis(result.analysis, width);
      expectFits(text.split('\n'), width);
      expectEveryColumn(text, ['copies sent', 'dropped', 'recv jump mean', 'skipped', 'queue/s', 'unbounded']);
    }
  });

  test("compare's table with six runs", async () => {
    const names = ['basic', 'late-ticks', 'ended-early', 'vectors', 'restarted', 'clock-rising'];
    const loaded = await loadComparedRuns(names.map(fixtureRun));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded));
    const lines = compareTable(loaded.runs, width);
    expectFits(lines, width);
    expectEveryColumn(lines.join('\n'), names);
  });

  test('the experiment summary with 50 variants and every claim', () => {
    const lines = formatExperimentTable(bigSummary(50), width).split('\n');
    expectFits(lines, width);
    const text = lines.join('\n');
    expectEveryColumn(text, ['clockrate-max-12-eventrange-20', 'variation-shorter-queues', 'events-1-5 alone']);
    // One block of the 50 rows, not three: the figures left out are named, with where to find them.
    expect(lines.filter((line) => /^clockrate-max-12-eventrange-20\s/.test(line))).toHaveLength(1);
    expect(text).toMatch(/left out at \d+\s+columns: .*summary\.md has everything/s);
  });
});

function bigSummary(count: number): ExperimentSummary {
  const variants = Array.from({ length: count }, (_, i): VariantSummary => {
    const max = 2 + (i % 11);
    const events = [3, 5, 10, 20][Math.floor(i / 11) % 4] ?? 3;
    const spreads = figures.map((f) => [f.key, spreadOf([i * 1.37, i * 1.41 + 2, -i * 3.3])] as const);
    return {
      name: i === count - 1 ? 'clockrate-max-12-eventrange-20' : `clockrate-max-${max}-eventrange-${events}-${i}`,
      description: null,
      setup: { machines: 3, clockRates: `1-${max}`, eventRange: events, durationSeconds: 30, speed: 20 },
      trials: { planned: 3, ok: 3 },
      figures: Object.fromEntries(spreads) as VariantSummary['figures'],
      byRate: [],
    };
  });
  const claim = (id: ClaimResult['id'], drivenBy?: string): ClaimResult => ({
    id,
    statement: 'a claim',
    measure: 'a measure',
    effect: -12.3456,
    ci: [-100.25, 3.5],
    n: 15,
    verdict: 'inconclusive',
    unit: 'trial pairs',
    variants: ['original', 'smaller-variation'],
    ...(drivenBy === undefined ? {} : { drivenBy }),
  });
  return {
    experiment: 'big',
    description: null,
    file: 'big.json',
    dir: '/x/big',
    seed: 1,
    parallel: 5,
    generatedAt: '2026-01-01T00:00:00.000Z',
    figures: figures.map(({ key, label, about }) => ({ key, label, about })),
    claims: [
      claim('slow-vms-bigger-jumps'),
      claim('variation-shorter-queues', 'rates-3-5 alone: confirmed; events-1-5 alone: refuted'),
    ],
    sweep: { 'clockRate.max': [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], eventRange: [3, 5, 10, 20] },
    variants,
    trials: [],
    vms: [],
  };
}
