/** The bench's output: one row per figure, printed beside its target as `metric | figure | target | pass/fail`. */

/** `pass` is undefined where the figure has no target (reported for information only). */
export type BenchRow = { metric: string; figure: string; target: string; pass: boolean | undefined };

export const infoRow = (metric: string, figure: string): BenchRow => ({ metric, figure, target: '-', pass: undefined });

/** A case that could not be measured (the run failed): a miss, with the reason as its figure. */
export function failedRow(metric: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return { metric, figure: `not measured: ${message.split('\n')[0]?.slice(0, 140)}`, target: '-', pass: false };
}

export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => [row.metric, row.figure, row.target, verdict(row.pass)]);
  const header = ['metric', 'figure', 'target', 'pass/fail'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return 'info';
  return pass ? 'pass' : 'FAIL';
}
