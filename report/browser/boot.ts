/**
 * Runs IN THE PAGE (see page-decode.ts): draws the report once the inlined vega builds have loaded. Each chart that
 * fails says so in its own place (and on the console), so one bad chart never blanks the page.
 */
import { decodeSpaceTime, type PackedJson } from './decode.js';
import { type SpaceTimeOptions, startSpaceTime } from './space-time.js';

declare const vegaEmbed: (el: string, spec: unknown, options: object) => Promise<unknown>;

export async function startCharts(charts: { id: string; spec: unknown }[]): Promise<void> {
  for (const { id, spec } of charts) {
    try {
      await vegaEmbed(`#${id}`, spec, { actions: false, renderer: 'svg' });
    } catch (error) {
      console.error(error);
      const el = document.getElementById(id);
      if (el !== null) el.textContent = `chart failed: ${(error as Error).message}`;
    }
  }
}

/** The comparison page: charts only. */
export async function bootCharts(): Promise<void> {
  await startCharts(JSON.parse(document.getElementById('chart-specs')?.textContent ?? '[]'));
  document.body.dataset.ready = 'yes';
}

export async function bootReport(): Promise<void> {
  const read = (id: string): unknown => JSON.parse(document.getElementById(id)?.textContent ?? 'null');
  await startCharts((read('chart-specs') as { id: string; spec: unknown }[] | null) ?? []);
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
