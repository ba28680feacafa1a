/**
 * The time charts' legends on a real 24-VM run (sim engine), in Chromium: every VM named, the legend inside the
 * chart's box, 20 colours before one comes round again, and nothing logged (vega warns when it drops entries).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { vmLegend } from '../../../report/charts/vm-legend.js';
import { launcher, tempDir } from '../../integration/cli-harness.js';
import { launchChromium, openPage } from '../page-in-chromium.js';

const machines = 24;
let dir: { path: string; remove(): Promise<void> };
let browser: Browser;
let exitCode: number | undefined;

beforeAll(async () => {
  dir = await tempDir();
  const config = { machines, clockRate: { min: 1, max: 20 }, durationSeconds: 10, seed: 3, engine: 'sim' };
  await writeFile(join(dir.path, 'many.json'), JSON.stringify(config));
  ({ exitCode } = await launcher(['run', 'many.json', '--out', join(dir.path, 'run')], dir.path));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await dir?.remove();
});

describe('a 24-VM report in Chromium', () => {
  test.each([1024, 1920])('at %i px every VM is in the clock and drift legends, inside the chart', async (width) => {
    expect(exitCode).toBe(0);
    const { page, problems } = await openPage(browser, join(dir.path, 'run', 'report.html'), width);
    try {
      const charts = await page.evaluate(() =>
        ['chart-clock', 'chart-drift'].map((id) => {
          const svg = document.querySelector(`#${id} svg`);
          const inner = svg?.getBoundingClientRect();
          const outer = document.getElementById(id)?.getBoundingClientRect();
          const legend = svg?.querySelector('.role-legend')?.getBoundingClientRect();
          const labels = Array.from(svg?.querySelectorAll('.role-legend-label text') ?? []).map((t) => t.textContent);
          const strokes = Array.from(svg?.querySelectorAll('.role-legend-symbol path') ?? []).map((p) =>
            p.getAttribute('stroke'),
          );
          const inside = (a?: DOMRect, b?: DOMRect) =>
            a !== undefined &&
            b !== undefined &&
            a.left >= b.left &&
            a.right <= b.right + 0.5 &&
            a.top >= b.top &&
            a.bottom <= b.bottom + 0.5;
          return { id, labels, strokes, legendInSvg: inside(legend, inner), svgInBox: inside(inner, outer) };
        }),
      );
      for (const chart of charts) {
        const vms = chart.labels.map((l) => Number(/^VM (\d+) · /.exec(l ?? '')?.[1]));
        expect({ id: chart.id, vms }).toEqual({ id: chart.id, vms: Array.from({ length: machines }, (_, i) => i) });
        expect({ id: chart.id, legendInSvg: chart.legendInSvg, svgInBox: chart.svgInBox }).toEqual({
          id: chart.id,
          legendInSvg: true,
          svgInBox: true,
        });
        expect(new Set(chart.strokes.slice(0, 20)).size).toBe(20);
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

test('past 20 VMs each round of colours gets its own dash, and the page says so', () => {
  const labels = Array.from({ length: 64 }, (_, i) => `VM ${i}`);
  const legend = vmLegend(labels, 'VM', true);
  const dash = legend.encoding.strokeDash as { scale: { range: number[][] }; legend: { columns: number } };
  expect(dash.scale.range[19]).toEqual(dash.scale.range[0]);
  expect(dash.scale.range[20]).not.toEqual(dash.scale.range[0]);
  expect(dash.legend.columns).toBe(3);
  expect(legend.note).toMatch(/^64 VMs: colours repeat every 20 VMs/);
  expect(vmLegend(labels.slice(0, 20), 'VM', false)).toMatchObject({ note: null, height: 220 });
});
