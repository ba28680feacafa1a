/**
 * The page's start (report, comparison and experiment pages alike): draws every chart listed in the page's
 * `chart-specs`, then the space-time diagram when the page carries one (the run report). Each chart that fails says
 * so in its own place (and on the console), so one bad chart never blanks the page. `body[data-ready=yes]` says
 * the page is drawn (the browser test waits on it).
 */
import { decodeSpaceTime, type PackedJson } from './decode.js';
import { fittedSpec, needsFit } from './fit-width.js';
import { type SpaceTimeOptions, startSpaceTime } from './space-time.js';
import { type EmbedResult, vegaGlobals } from './vega-globals.js';

export type PageChart = { id: string; spec: unknown };

/** Charts the page sizes itself (fit-width.ts): redrawn when their box changes width. */
type Fitted = { el: HTMLElement; spec: unknown; width: number; drawn: EmbedResult };

export async function startCharts(charts: readonly PageChart[]): Promise<void> {
  const fitted: Fitted[] = [];
  for (const { id, spec } of charts) {
    const el = document.getElementById(id);
    if (el === null) continue;
    const width = el.clientWidth;
    const drawn = await draw(el, needsFit(spec) ? fittedSpec(spec, width) : spec);
    if (drawn !== null && needsFit(spec)) fitted.push({ el, spec, width, drawn });
  }
  if (fitted.length > 0) refitOnResize(fitted);
}

async function draw(el: HTMLElement, spec: unknown): Promise<EmbedResult | null> {
  try {
    return await vegaGlobals().vegaEmbed(el, spec, { actions: false, renderer: 'svg' });
  } catch (error) {
    console.error(error);
    el.textContent = `chart failed: ${(error as Error).message}`;
    return null;
  }
}

function refitOnResize(fitted: Fitted[]): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    // Once the window has stopped moving: a redraw per resize event would stutter.
    timer = setTimeout(async () => {
      for (const chart of fitted) {
        const width = chart.el.clientWidth;
        if (width === chart.width) continue;
        chart.drawn.finalize();
        const drawn = await draw(chart.el, fittedSpec(chart.spec, width));
        if (drawn === null) continue;
        chart.drawn = drawn;
        chart.width = width;
      }
    }, 150);
  });
}

export async function bootPage(): Promise<void> {
  const read = (id: string): unknown => JSON.parse(document.getElementById(id)?.textContent ?? 'null');
  await startCharts((read('chart-specs') as PageChart[] | null) ?? []);
  const packed = read('space-time-data') as PackedJson | null;
  if (packed !== null) {
    try {
      await startSpaceTime(decodeSpaceTime(packed), read('space-time-options') as SpaceTimeOptions);
    } catch (error) {
      console.error(error);
      const status = document.getElementById('st-status');
      if (status !== null) status.textContent = `space-time diagram failed: ${(error as Error).message}`;
    }
  }
  document.body.dataset.ready = 'yes';
}
