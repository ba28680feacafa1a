/**
 * report.html in headless Chromium: a real short run (with injected faults) through the built CLI, then the page it
 * wrote must draw every chart, log no error, fetch nothing, move its space-time window, and highlight an event's
 * causal past and future when clicked. Screenshots go to the test's temp folder (and to $REPORT_SCREENSHOTS if set,
 * to look at after the folder is gone).
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Browser, chromium, type Page } from 'playwright-core';
import { launcher, tempDir } from '../integration/cli-harness.js';
import { addVectorClocks } from './vector-clocks.js';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
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

let dir: { path: string; remove(): Promise<void> };
let runDir: string;
let runOutput: { exitCode: number | undefined; stdout: string };
let browser: Browser;

beforeAll(async () => {
  dir = await tempDir();
  runDir = join(dir.path, 'run');
  await writeFile(join(dir.path, 'faults.json'), JSON.stringify(config));
  const result = await launcher(['run', 'faults.json', '--out', runDir], dir.path);
  runOutput = { exitCode: result.exitCode, stdout: result.stdout };
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});
afterAll(async () => {
  await browser?.close();
  await dir?.remove();
});

/** Opens a page and waits until it says it is drawn; collects console errors, page errors and any network request. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.body.dataset.ready === 'yes');
  return { page, problems };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(dir.path, name);
  await page.screenshot({ path: file, fullPage: true });
  const keep = process.env.REPORT_SCREENSHOTS;
  if (keep !== undefined && keep !== '') {
    await mkdir(keep, { recursive: true });
    await copyFile(file, join(keep, name));
  }
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
      expect(status).toContain(`${past} events in its causal past, ${future} in its causal future`);
      await screenshot(page, 'report-selected.png');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
