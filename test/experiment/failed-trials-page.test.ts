/**
 * An experiment whose every trial failed (its fixed basePort held by another program): summary.html names each
 * trial and why it is not complete (the run's own reason, as summary.md gives it), and draws no empty chart (vega warned of an infinite extent).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launcher, tempDir } from '../integration/cli-harness.js';
import { launchChromium, openPage } from '../report/page-in-chromium.js';

let dir: { path: string; remove(): Promise<void> };
let holder: Server;
let browser: Browser;
let exitCode: number | undefined;
let port: number;

beforeAll(async () => {
  dir = await tempDir();
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as { port: number }).port;
  const base = { machines: 2, clockRate: { min: 2, max: 4 }, durationSeconds: 2, network: { basePort: port } };
  const experiment = { name: 'taken', base, trials: 2, seed: 3, speed: 10, variants: [{ name: 'base' }] };
  await writeFile(join(dir.path, 'taken.json'), JSON.stringify(experiment));
  ({ exitCode } = await launcher(['experiment', 'taken.json', '--out', join(dir.path, 'out')], dir.path));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => holder?.close(resolve));
  await dir?.remove();
});

test('summary.html lists the failed trials and why, draws no chart, and logs nothing', async () => {
  // Trials not ok: exit 1 (exitCodes.failed), the summary written all the same.
  expect(exitCode).toBe(1);
  const markdown = await readFile(join(dir.path, 'out', 'summary.md'), 'utf8');
  const why = `incomplete: status failed: VM 0 could not start (port-in-use: 127.0.0.1:${port}: EADDRINUSE)`;
  expect(markdown).toContain(`| base | 1 | 3 | ${why} |`);
  const { page, problems } = await openPage(browser, join(dir.path, 'out', 'summary.html'), 1024);
  try {
    const rows = await page.locator('table.unfinished tr').allTextContents();
    expect(rows.slice(1)).toEqual([`base13${why}base/trial-1`, `base24${why}base/trial-2`]);
    await expect(page.locator('h2', { hasText: 'No trial is complete' }).textContent()).resolves.toBe(
      'No trial is complete: 2 of 2',
    );
    expect(await page.locator('.chart').count()).toBe(0);
    await expect(page.locator('body').textContent()).resolves.toContain('No charts: no trial is complete');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});
