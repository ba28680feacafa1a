/**
 * The pages in headless Chromium: a real short run (with injected faults) through the built CLI, then the report it
 * wrote must draw every chart, log no error, fetch nothing, move its space-time window, and highlight an event's
 * causal past and future when clicked. The report, a comparison and an experiment summary must each fit windows
 * 1024 and 1920 px wide: no sideways scrolling of the document, every chart inside the window, a wide table
 * scrolling in its own box with its first column in view. Screenshots are kept in test-output/report-browser/
 * (gitignored), or in $REPORT_SCREENSHOTS if set.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { counted } from '../../shared/counted.js';
import { launcher, projectRoot, tempDir } from '../integration/cli-harness.js';
import { launchChromium, openPage } from './page-in-chromium.js';
import { addVectorClocks } from './vector-clocks.js';

const config = {
  machines: 3,
  clockRate: { min: 1, max: 6 },
  durationSeconds: 20,
  speed: 10,
  seed: 5,
  faults: {
    links: [{ from: 0, to: 1, dropProbability: 0.3 }],
    partitions: [{ groups: [[0], [1, 2]], fromSecond: 4, toSecond: 7 }],
    pauses: [{ vm: 2, atSecond: 9, forSeconds: 2 }],
    kills: [{ vm: 1, atSecond: 13, restartAfterSeconds: 2, clock: 'kept' }],
  },
};

/** A second run to compare with, and a 2 variants x 1 trial experiment for its summary page. */
const plain = { machines: 4, clockRate: { min: 1, max: 6 }, durationSeconds: 10, speed: 10, seed: 6 };
const experiment = {
  name: 'fit',
  base: { machines: 3, clockRate: { min: 2, max: 6 }, durationSeconds: 10 },
  trials: 1,
  seed: 3,
  speed: 40,
  variants: [{ name: 'base' }, { name: 'few-internal', overrides: { eventRange: 5 } }],
};

let dir: { path: string; remove(): Promise<void> };
let runDir: string;
let runOutput: { exitCode: number | undefined; stdout: string };
let browser: Browser;

beforeAll(async () => {
  dir = await tempDir();
  runDir = join(dir.path, 'run');
  await writeFile(join(dir.path, 'faults.json'), JSON.stringify(config));
  await writeFile(join(dir.path, 'plain.json'), JSON.stringify(plain));
  await writeFile(join(dir.path, 'experiment.json'), JSON.stringify(experiment));
  const result = await launcher(['run', 'faults.json', '--out', runDir], dir.path);
  runOutput = { exitCode: result.exitCode, stdout: result.stdout };
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await dir?.remove();
});

/** Opens a page and waits until it says it is drawn; collects console warnings and errors, page errors, requests. */
const open = (file: string, width = 1400) => openPage(browser, file, width);

/** The whole page, or only the element `selector` picks. */
async function screenshot(page: Page, name: string, selector?: string): Promise<void> {
  const keep = process.env.REPORT_SCREENSHOTS;
  const folder = keep !== undefined && keep !== '' ? keep : join(projectRoot, 'test-output', 'report-browser');
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await (selector === undefined
    ? page.screenshot({ path, fullPage: true })
    : page.locator(selector).screenshot({ path }));
}

/** Paints on the space-time canvas: pixels that are not (near) white. */
const paintedPixels = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('#st-chart canvas') as HTMLCanvasElement | null;
    const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let painted = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 235 || (pixels[i + 2] ?? 255) < 235) painted++;
    return painted;
  });

const windowText = (page: Page) => page.locator('#st-window').textContent();
const windowStart = (text: string | null) => Number(/^window ([\d.]+) s/.exec(text ?? '')?.[1]);

describe('report.html in Chromium', () => {
  test('launcher run writes the report and prints its path', () => {
    expect(runOutput.exitCode).toBe(0);
    expect(runOutput.stdout).toContain(`report: ${join(runDir, 'report.html')}`);
  });

  test('every chart is drawn, nothing is logged as an error or fetched, and the window moves', async () => {
    const { page, problems } = await open(join(runDir, 'report.html'));
    try {
      for (const id of ['chart-clock', 'chart-drift', 'chart-queue', 'chart-jumps', 'st-overview']) {
        const marks = await page
          .locator(`#${id} svg [aria-roledescription$="mark"], #${id} svg [aria-roledescription="bar"]`)
          .count();
        const box = await page.locator(`#${id} svg`).boundingBox();
        expect({ id, drawn: marks > 0 && (box?.width ?? 0) > 800 }).toEqual({ id, drawn: true });
      }
      expect(await page.locator('#chart-clock svg').textContent()).toContain('experiment s');
      expect(await paintedPixels(page)).toBeGreaterThan(2000);
      await expect(page.locator('.verdict').textContent()).resolves.toMatch(/^Checker: valid:/);
      // The first window holds the whole run: one line per copy sent (the table's copies sent), said as copies, where
      // the checker's line above counts messages (a send to two VMs is one message, two copies).
      const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as {
        rows: number;
        vms: { messages: { copiesSent: number } }[];
      };
      const copies = summary.vms.reduce((sum, vm) => sum + vm.messages.copiesSent, 0);
      expect(await windowText(page)).toMatch(
        new RegExp(
          `: ${summary.rows} of ${summary.rows} events, ${counted(copies, 'message copy', 'message copies')}$`,
        ),
      );

      // Zoom in, then step later: the window narrows, then moves on.
      const whole = await windowText(page);
      await page.click('#st-zoom-in');
      await page.waitForFunction((before) => document.getElementById('st-window')?.textContent !== before, whole);
      const zoomed = await windowText(page);
      await page.click('#st-next');
      await page.waitForFunction((before) => document.getElementById('st-window')?.textContent !== before, zoomed);
      const moved = await windowText(page);
      expect(windowStart(moved)).toBeGreaterThan(windowStart(zoomed));
      // Pressing the overview near its left end brings the window back there.
      await page.locator('#st-overview').scrollIntoViewIfNeeded();
      const strip = await page.locator('#st-overview svg').boundingBox();
      await page.mouse.click((strip?.x ?? 0) + (strip?.width ?? 0) * 0.1, (strip?.y ?? 0) + (strip?.height ?? 0) / 2);
      await page.waitForFunction((before) => document.getElementById('st-window')?.textContent !== before, moved);
      expect(windowStart(await windowText(page))).toBeLessThan(windowStart(moved));
      await screenshot(page, 'report.png');
      await screenshot(page, 'space-time.png', '#st-chart');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('with vector clocks, clicking an event highlights its causal past and future', async () => {
    await addVectorClocks(runDir, config.machines);
    const result = await launcher(['report', runDir, '--out', join(dir.path, 'vc.html')], dir.path);
    expect(result.exitCode).toBe(0);
    const { page, problems } = await open(join(dir.path, 'vc.html'));
    try {
      // The middle event of the first window, where it was drawn on the canvas; only among events drawn clear of
      // their neighbours on the same VM row (catch-up ticks after a pause land almost on top of each other, and a
      // click there would select whichever mark lies on top).
      await page.locator('#st-chart').scrollIntoViewIfNeeded();
      const target = await page.evaluate(() => {
        type Scale = (v: number) => number;
        const { chart } = (window as unknown as { clocklabSpaceTime: { chart: import('vega').View } })
          .clocklabSpaceTime;
        const events = chart.data('events') as { key: string; t: number; vm: number }[];
        const x = (t: number) => (chart.scale('x') as unknown as Scale)(t);
        const clearPx = 12;
        const clear = events.filter(
          (e) => !events.some((o) => o !== e && o.vm === e.vm && Math.abs(x(o.t) - x(e.t)) < clearPx),
        );
        const event = [...clear].sort((a, b) => a.t - b.t)[Math.floor(clear.length / 2)];
        const box = document.querySelector('#st-chart canvas')?.getBoundingClientRect();
        const [ox, oy] = chart.origin();
        const padding = chart.padding() as { left: number; top: number };
        return {
          key: event?.key,
          x: (box?.left ?? 0) + ox + padding.left + x(event?.t ?? 0),
          y: (box?.top ?? 0) + oy + padding.top + (chart.scale('y') as unknown as Scale)(event?.vm ?? 0),
        };
      });
      expect(target.key).toBeDefined();
      await page.mouse.click(target.x, target.y);
      await page.waitForFunction(() => /^Selected VM/.test(document.getElementById('st-status')?.textContent ?? ''));
      const cats = await page.evaluate(() => {
        const { chart } = (window as unknown as { clocklabSpaceTime: { chart: import('vega').View } })
          .clocklabSpaceTime;
        return (chart.data('events') as { key: string; cat: string; op: number }[]).map((e) => [e.key, e.cat, e.op]);
      });
      expect(cats.filter(([, cat]) => cat === 'selected').map(([key]) => key)).toEqual([target.key]);
      const past = cats.filter(([, cat]) => cat === 'past').length;
      const future = cats.filter(([, cat]) => cat === 'future').length;
      expect(past + future).toBeGreaterThan(0);
      const status = await page.locator('#st-status').textContent();
      expect(status).toContain(`${counted(past, 'event')} in its causal past, ${future} in its causal future`);
      await screenshot(page, 'report-selected.png');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/** What must hold at any width: the document does not scroll sideways and every chart lies inside the window. */
const fitProblems = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    const { scrollWidth } = document.documentElement;
    if (scrollWidth > window.innerWidth) problems.push(`document ${scrollWidth} px wide in ${window.innerWidth}`);
    for (const chart of Array.from(document.querySelectorAll<HTMLElement>('.chart'))) {
      const drawn = chart.querySelector('svg, canvas')?.getBoundingClientRect();
      if (drawn === undefined || drawn.width === 0) problems.push(`${chart.id}: not drawn`);
      else if (drawn.left < 0 || drawn.right > window.innerWidth)
        problems.push(`${chart.id}: from ${drawn.left} to ${drawn.right} px`);
    }
    return problems;
  });

/** Chart boxes that the chart leaves more than a quarter empty: a chart fitted to its box fills it. */
const narrowCharts = (page: Page, ids: readonly string[]) =>
  page.evaluate((chartIds) => {
    return chartIds.flatMap((id) => {
      const box = document.getElementById(id);
      const drawn = box?.querySelector('svg, canvas')?.getBoundingClientRect();
      const width = box?.clientWidth ?? 0;
      return drawn !== undefined && drawn.width >= 0.75 * width ? [] : [`${id}: ${drawn?.width} of ${width} px`];
    });
  }, ids);

describe('every page fits windows from 1024 to 1920 px', () => {
  const widths = [1024, 1920];
  let pages: { name: string; file: string; fitted: string[] }[];
  beforeAll(async () => {
    const compared = join(dir.path, 'compare.html');
    const [second, summary] = await Promise.all([
      launcher(['run', 'plain.json', '--out', join(dir.path, 'plain')], dir.path),
      launcher(['experiment', 'experiment.json', '--out', join(dir.path, 'experiment')], dir.path),
    ]);
    expect([second.exitCode, summary.exitCode]).toEqual([0, 0]);
    const comparison = await launcher(['compare', runDir, join(dir.path, 'plain'), '--html', compared], dir.path);
    expect(comparison.exitCode).toBe(0);
    const reportCharts = ['chart-clock', 'chart-drift', 'chart-queue', 'chart-jumps', 'st-overview', 'st-chart'];
    const compareCharts = ['compare-clock', 'compare-drift', 'compare-queue', 'compare-jumps'];
    pages = [
      { name: 'report', file: join(runDir, 'report.html'), fitted: reportCharts },
      { name: 'compare', file: compared, fitted: compareCharts },
      { name: 'experiment', file: join(dir.path, 'experiment', 'summary.html'), fitted: [] },
    ];
  }, 120_000);

  test('report, comparison and experiment summary at 1024 and 1920 px', async () => {
    for (const { name, file, fitted } of pages) {
      for (const width of widths) {
        const { page, problems } = await open(file, width);
        try {
          expect({ name, width, problems: await fitProblems(page) }).toEqual({ name, width, problems: [] });
          expect({ name, width, narrow: await narrowCharts(page, fitted) }).toEqual({ name, width, narrow: [] });
          await screenshot(page, `${name}-${width}.png`);
          expect({ name, width, problems }).toEqual({ name, width, problems: [] });
        } finally {
          await page.close();
        }
      }
    }
  });

  test('the charts follow a resize, and the summary table scrolls in its box with its first column in view', async () => {
    const { page, problems } = await open(join(runDir, 'report.html'), 1920);
    try {
      const chartWidth = () => page.evaluate(() => document.querySelector('#chart-clock svg')?.clientWidth ?? 0);
      const wide = await chartWidth();
      await page.setViewportSize({ width: 1024, height: 900 });
      await page.waitForFunction(
        (before) => (document.querySelector('#chart-clock svg')?.clientWidth ?? 0) < before,
        wide,
      );
      // The jump histogram is faceted: the page sizes it itself, after the window has stopped moving.
      await page.waitForFunction(() => {
        const svg = document.querySelector('#chart-jumps svg')?.getBoundingClientRect();
        return svg !== undefined && svg.right <= window.innerWidth;
      });
      expect(await fitProblems(page)).toEqual([]);
      const table = await page.evaluate(() => {
        const box = document.querySelector<HTMLElement>('.table-box');
        const first = box?.querySelector('td');
        if (box === null || box === undefined || first === null || first === undefined) return null;
        const overflows = box.scrollWidth > box.clientWidth;
        box.scrollLeft = box.scrollWidth;
        return {
          overflows,
          scrolled: box.scrollLeft > 0,
          firstCellInView: first.getBoundingClientRect().left - box.getBoundingClientRect().left,
        };
      });
      expect(table).toEqual({ overflows: true, scrolled: true, firstCellInView: 0 });
      await screenshot(page, 'report-resized-1024.png');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
