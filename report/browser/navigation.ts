/**
 * What moves the space-time window. Dragging the diagram pans it and the wheel
 * zooms it around the pointer; the buttons step and zoom; the slider and the overview strip (press or drag) put it
 * anywhere in the run. Every move goes through `setWindow`, which keeps the window within the event budget.
 */
import type { View } from 'vega';

export type Navigation = {
  current(): { from: number; span: number };
  setWindow(start: number, width: number): void;
};

/** x of a pointer within a view's plot: the plot starts at the view's origin plus its padding. */
export function plotX(view: View, el: HTMLElement, clientX: number): number {
  const left = el.querySelector('canvas, svg')?.getBoundingClientRect().left ?? 0;
  return clientX - left - (view.origin()[0] ?? 0) - ((view.padding() as { left?: number }).left ?? 0);
}

/** Wires every control; `dragged()` says whether the last press on the diagram was a drag (then it is no click). */
export function attachNavigation(chart: View, overview: View, nav: Navigation): { dragged(): boolean } {
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  const { setWindow } = nav;
  const host = $('st-chart');
  let drag: { x: number; from: number } | null = null;
  let dragged = false;
  host.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, from: nav.current().from };
    dragged = false;
  });
  window.addEventListener('pointermove', (event) => {
    if (drag === null) return;
    const dx = event.clientX - drag.x;
    dragged ||= Math.abs(dx) > 3;
    const { span } = nav.current();
    if (dragged) setWindow(drag.from - (dx * span) / chart.width(), span);
  });
  window.addEventListener('pointerup', () => {
    drag = null;
  });
  host.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const { from, span } = nav.current();
      const at = from + (plotX(chart, host, event.clientX) / chart.width()) * span;
      const factor = event.deltaY > 0 ? 1.25 : 0.8;
      setWindow(at - (at - from) * factor, span * factor);
    },
    { passive: false },
  );

  const strip = $('st-overview');
  let moving = false;
  const centreAt = (clientX: number) => {
    const t = (overview.scale('x') as unknown as { invert(x: number): number }).invert(plotX(overview, strip, clientX));
    const { span } = nav.current();
    setWindow(t * 1000 - span / 2, span);
  };
  strip.addEventListener('pointerdown', (event) => {
    moving = true;
    centreAt(event.clientX);
  });
  window.addEventListener('pointermove', (event) => moving && centreAt(event.clientX));
  window.addEventListener('pointerup', () => {
    moving = false;
  });

  const move = (by: (from: number, span: number) => [number, number]) => () =>
    setWindow(...by(nav.current().from, nav.current().span));
  $('st-prev').addEventListener(
    'click',
    move((from, span) => [from - 0.9 * span, span]),
  );
  $('st-next').addEventListener(
    'click',
    move((from, span) => [from + 0.9 * span, span]),
  );
  $('st-zoom-in').addEventListener(
    'click',
    move((from, span) => [from + span / 4, span / 2]),
  );
  $('st-zoom-out').addEventListener(
    'click',
    move((from, span) => [from - span / 2, span * 2]),
  );
  $('st-slider').addEventListener('input', (event) =>
    setWindow(Number((event.target as HTMLInputElement).value), nav.current().span),
  );
  return { dragged: () => dragged };
}
