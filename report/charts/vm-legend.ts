/**
 * How the time charts tell VMs apart: a colour each for up to 20 VMs (tableau20; the default scheme repeats after
 * 10), then the same colours again with a dash pattern per round of 20, and a legend that names every VM inside the
 * chart's box: in as many columns as it takes to stay about as tall as the chart, the chart growing taller beyond.
 */

export const distinctColors = 20;
/** Solid, then dashed, dotted and dash-dot: one per round of 20 VMs. */
const dashes = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
] as const;
const baseHeight = 220;
/** A legend row, its title, and the fault legend under it (title and five kinds) in px, as vega draws them. */
const rowPx = 13;
const titlePx = 22;
const faultLegendPx = 22 + 5 * rowPx + 16;
/** Rows a column holds before a second column starts; more VMs than three full columns make the chart taller. */
const rowsAtBaseHeight = 14;
const maxColumns = 3;

export type VmLegend = {
  /** The line layer's colour and dash encodings, one legend between them. */
  encoding: Record<string, unknown>;
  height: number;
  /** What the page says under the chart when colours alone cannot tell every VM apart; else null. */
  note: string | null;
};

export function vmLegend(labels: readonly string[], title: string, faultLegend: boolean): VmLegend {
  const n = labels.length;
  const columns = Math.min(maxColumns, Math.max(1, Math.ceil(n / rowsAtBaseHeight)));
  const rows = Math.ceil(n / columns);
  const needed = titlePx + rows * rowPx + (faultLegend ? faultLegendPx : 0);
  // symbolLimit: vega drops entries past 30 by default (with a console warning); every VM must be named. Filled
  // row by row: vega's column-by-column order misplaces the entries of a last, shorter column.
  const legend = {
    labelLimit: 400,
    symbolLimit: n,
    columns,
    direction: 'horizontal',
    columnPadding: 12,
    rowPadding: 3,
    symbolSize: 80,
  };
  const color = { field: 'vm', type: 'nominal', title, scale: { domain: labels, scheme: 'tableau20' }, legend };
  const repeats = n > distinctColors;
  const range = labels.map((_, i) => dashes[Math.floor(i / distinctColors) % dashes.length]);
  const encoding = repeats
    ? { color, strokeDash: { field: 'vm', type: 'nominal', title, scale: { domain: labels, range }, legend } }
    : { color };
  return {
    encoding,
    height: Math.max(baseHeight, needed),
    note: repeats
      ? `${n} VMs: colours repeat every ${distinctColors} VMs, each round with its own dash (solid, dashed, dotted, ` +
        'dash-dot); rest the pointer on a line to see its VM.'
      : null,
  };
}
