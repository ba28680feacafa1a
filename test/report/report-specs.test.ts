import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { decodeSpaceTime, type PackedJson } from '../../report/browser/decode.js';
import { messageData } from '../../report/browser/messages.js';
import { eventData } from '../../report/browser/window.js';
import { buildReport } from '../../report/build-report.js';
import { copyRun, fixtureRun } from '../analysis/fixture-runs.js';

/** The basic fixture as if run at speed 10 with a partition and a kill, so every layer of every chart is drawn. */
let dir: string;
let remove: () => Promise<void>;
let html: string;
beforeAll(async () => {
  const copy = await copyRun('basic', (manifest) => ({ ...manifest, speed: 10 }));
  ({ dir, remove } = copy);
  await writeFile(
    join(dir, 'faults.csv'),
    [
      'elapsed_ms,experiment_s,kind,vm,peer,detail',
      '300.000,3.000,partition-start,,,"{0} | {1}"',
      '700.000,7.000,partition-end,,,"{0} | {1}"',
      '1200.000,12.000,kill,1,,restart after 1 s',
      '1300.000,13.000,restart,1,,clock kept',
      '',
    ].join('\n'),
  );
  const built = await buildReport(dir);
  if (!built.ok) throw new Error(JSON.stringify(built));
  html = built.html;
});
afterAll(() => remove());

const payload = (id: string): unknown =>
  JSON.parse(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html)?.[1] ?? 'null');

/** Renders a spec to SVG and returns what a test asks about it (a failing match would print the whole SVG). */
async function render(spec: unknown, data: Record<string, object[]> = {}, signals: Record<string, number> = {}) {
  const view = new vega.View(vega.parse(compile(spec as TopLevelSpec).spec), { renderer: 'none' });
  for (const [name, rows] of Object.entries(data)) view.change(name, vega.changeset().insert(rows));
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  return {
    has: (text: string) => svg.includes(text),
    count: (pattern: RegExp) => (svg.match(new RegExp(pattern, 'g')) ?? []).length,
    texts: () => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]),
  };
}

describe('the report page', () => {
  test('is self-contained: vega inlined, nothing fetched, every payload parses', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).toContain('vegaEmbed');
    expect(html).toContain('function startSpaceTime(');
    expect(html).toContain('<b>Checker:</b> valid:');
    expect(html).toContain('0.2 s real (2 experiment s at speed 10)');
    expect(payload('space-time-data')).toMatchObject({ machines: 2, speed: 10, hasVectorClocks: false });
  });

  test('every time chart compiles and renders its lines, the fault bands and rules, and both time axes', async () => {
    const charts = payload('chart-specs') as { id: string; spec: unknown }[];
    expect(charts.map((c) => c.id)).toEqual(['chart-clock', 'chart-drift', 'chart-queue', 'chart-jumps']);
    for (const chart of charts.slice(0, 3)) {
      const svg = await render(chart.spec);
      expect(svg.texts()).toEqual(
        expect.arrayContaining(['VM 0 · 5/s (50/s real)', 'experiment s', 'injected faults']),
      );
      expect(svg.count(/mark-line role-mark/)).toBe(2);
      // The partition and the time VM 1 was down as bands, its kill and restart as rules.
      expect(svg.count(/aria-roledescription="rect mark"/)).toBe(2);
      expect(svg.count(/injected faults: (kill|restart);/)).toBe(2);
    }
    const jumps = await render(charts[3]?.spec);
    expect(jumps.texts()).toContain('VM 1 · 2/s (20/s real)');
    expect(jumps.count(/aria-roledescription="bar"/)).toBeGreaterThan(0);
    // One band per whole jump value, labelled 1, 2, 3: no half steps.
    const spec = charts[3]?.spec as { spec: { encoding: { x: { scale: { domain: string[] } } } } };
    const domain = spec.spec.encoding.x.scale.domain;
    expect(domain.length).toBeGreaterThan(1);
    expect(domain.filter((label) => !/^\d+$/.test(label))).toEqual([]);
    expect(jumps.texts()).toEqual(expect.arrayContaining(domain));
    expect(jumps.texts().filter((text) => /^\d+\.\d+$/.test(text ?? ''))).toEqual([]);
  });

  test('the space-time spec draws one window of events, arrows and cut lines; the overview shows the window', async () => {
    const options = payload('space-time-options') as { chart: unknown; overview: unknown };
    const st = decodeSpaceTime(payload('space-time-data') as PackedJson);
    const { lines, marks } = messageData(st, 0, 1000, { width: 1000, height: 160 }, null);
    const events = eventData(st, 0, 1000, null);
    expect([events.length, lines.length, marks.length]).toEqual([7, 4, 4]);
    const svg = await render(options.chart, { events, lines, marks }, { winStart: 0, winEnd: 1 });
    expect(svg.texts()).toEqual(expect.arrayContaining(['VM 0 · 5/s (50/s real)', 'VM 1 · 2/s (20/s real)']));
    expect(svg.count(/aria-roledescription="point"/)).toBe(events.length + marks.length);
    // A line per VM and per message, the kill and restart rules, and the experiment-seconds axis's invisible rule.
    expect(svg.count(/aria-roledescription="rule mark"/)).toBe(2 + lines.length + 2 + 1);
    // The partition's band on each VM's line, named by its group, and VM 1's down time on its own line (after the
    // window: drawn, and clipped away).
    expect(svg.count(/aria-roledescription="rect mark"/)).toBe(3);
    expect(svg.texts()).toEqual(expect.arrayContaining(['{0}', '{1}']));
    const overview = await render(options.overview, { window: [{ t0: 0, t1: 0.5 }] });
    // The two fault bands, the window's box, and a rect per slice of the run that holds events.
    expect(overview.count(/aria-roledescription="rect mark"/)).toBeGreaterThan(3 + 5);
  });

  test('at speed 1 every chart keeps its one time axis (layers that drop theirs would drop it for all)', async () => {
    const built = await buildReport(fixtureRun('basic'));
    if (!built.ok) throw new Error(JSON.stringify(built));
    const read = (id: string): unknown =>
      JSON.parse(
        new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(built.html)?.[1] ?? '',
      );
    for (const chart of (read('chart-specs') as { spec: unknown }[]).slice(0, 3)) {
      const texts = (await render(chart.spec)).texts();
      expect(texts).toContain('elapsed (s)');
      expect(texts).not.toContain('experiment s');
    }
    const options = read('space-time-options') as { chart: unknown; overview: unknown };
    const chart = await render(options.chart, {}, { winStart: 0, winEnd: 2 });
    expect(chart.texts()).toEqual(expect.arrayContaining(['elapsed (s)', '0.0', '2.0']));
    expect((await render(options.overview, { window: [] })).texts()).toEqual(expect.arrayContaining(['0.0', '2.0']));
  });
});
