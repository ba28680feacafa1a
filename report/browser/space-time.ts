/**
 * The space-time diagram's window, drawn into the vega views one window at a
 * time, and the click that selects an event. The window is the zoom (navigation.ts moves it). At most
 * `maxEvents` events are drawn at once: a wider window is narrowed, and the page says so.
 */

import type { View } from 'vega';
import { counted } from '../../shared/counted.js';
import { vectorClockOf } from './causal.js';
import type { SpaceTime } from './decode.js';
import { messageData } from './messages.js';
import { attachNavigation } from './navigation.js';
import { selectionText } from './selection.js';
import { vegaGlobals } from './vega-globals.js';
import { countEvents, type EventDatum, eventData, type Selection, timeText } from './window.js';

export type SpaceTimeOptions = { chart: unknown; overview: unknown; maxEvents: number; targetEvents: number };

export async function startSpaceTime(st: SpaceTime, options: SpaceTimeOptions): Promise<void> {
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  const { vega, vegaEmbed } = vegaGlobals();
  const endMs = Math.max(st.endMs, 1);
  const total = st.vms.reduce((sum, vm) => sum + vm.rows, 0);
  const chart = (await vegaEmbed('#st-chart', options.chart, { actions: false, renderer: 'canvas' })).view;
  const overview = (await vegaEmbed('#st-overview', options.overview, { actions: false, renderer: 'svg' })).view;
  let span = total <= options.targetEvents ? endMs : (endMs * options.targetEvents) / total;
  let from = 0;
  let limited = false;
  let selected: Selection | null = null;
  let renders = 0;
  let queued = false;
  let rendering = Promise.resolve();

  const clampFrom = (start: number, width: number) => Math.min(Math.max(start, 0), Math.max(endMs - width, 0));
  /** Moves the window to [start, start + width), narrowed around its centre to at most maxEvents events. */
  const setWindow = (start: number, width: number) => {
    const center = start + width / 2;
    const count = (w: number) => countEvents(st, clampFrom(center - w / 2, w), clampFrom(center - w / 2, w) + w);
    span = Math.min(Math.max(width, 0.01), endMs);
    limited = count(span) > options.maxEvents;
    if (limited) {
      let [lo, hi] = [0.01, span];
      for (let i = 0; i < 40; i++)
        [lo, hi] = count((lo + hi) / 2) > options.maxEvents ? [lo, (lo + hi) / 2] : [(lo + hi) / 2, hi];
      span = lo;
    }
    from = clampFrom(center - span / 2, span);
    schedule();
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      rendering = rendering.then(render);
    });
  };
  const replace = (view: View, name: string, rows: object[]) =>
    view.change(
      name,
      vega
        .changeset()
        .remove(() => true)
        .insert(rows),
    );

  const render = async () => {
    const to = from + span;
    const events = eventData(st, from, to, selected);
    const { lines, marks } = messageData(st, from, to, { width: chart.width(), height: chart.height() }, selected);
    chart.signal('winStart', from / 1000).signal('winEnd', to / 1000);
    replace(chart, 'events', events);
    replace(chart, 'lines', lines);
    replace(chart, 'marks', marks);
    await chart.runAsync();
    replace(overview, 'window', [{ t0: from / 1000, t1: to / 1000 }]);
    await overview.runAsync();
    const slider = $('st-slider') as HTMLInputElement;
    slider.max = String(Math.max(endMs - span, 0));
    slider.value = String(from);
    const cap = limited ? ` (narrowed: at most ${options.maxEvents} events are drawn at once; zoom in or move)` : '';
    $('st-window').textContent =
      `window ${timeText(st, from)} to ${timeText(st, to)}: ${events.length} of ${counted(total, 'event')}, ${counted(lines.length, 'message copy', 'message copies')}${cap}`;
    if (selected !== null) $('st-status').textContent = selectionText(st, selected, events);
    renders += 1;
    $('st-chart').dataset.renders = String(renders);
  };

  chart.addEventListener('click', (_event, item) => {
    if (navigation.dragged()) return;
    const datum = (item as { datum?: Partial<EventDatum> } | null | undefined)?.datum;
    if (datum?.key === undefined || datum.vm === undefined || datum.row === undefined) {
      selected = null;
      $('st-status').textContent = 'Nothing selected: click an event to see its causal past and future.';
    } else selected = { vm: datum.vm, row: datum.row, vc: vectorClockOf(st, datum.vm, datum.row) };
    schedule();
  });

  const navigation = attachNavigation(chart, overview, { current: () => ({ from, span }), setWindow });

  (window as unknown as { clocklabSpaceTime: object }).clocklabSpaceTime = {
    chart,
    overview,
    setWindow,
    window: () => ({ from, to: from + span, limited }),
  };
  // The views follow their box's width (vega-lite's `width: "container"`); arrowheads are sized in pixels, so the
  // window is drawn again at the new size.
  window.addEventListener('resize', schedule);
  setWindow(0, span);
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  await rendering;
}
