/** Aligned plain-text columns for the terminal: numbers (and percentages) right-aligned, text left-aligned. */
export type Cell = string | number | null;

/** Fixed decimals for fractions, whole numbers as they are, '-' for a figure that does not exist. */
export function cellText(value: Cell, decimals = 2): string {
  if (value === null) return '-';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  const text = value.toFixed(decimals);
  // A slope of -0.0001 is no slope: '-0.00' would read as a sign that means something.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A share as a percentage with one decimal: '0.0%' still says the figure exists, null ('-') that it does not. */
export const percentCell = (share: number | null): string | null =>
  share === null ? null : `${(share * 100).toFixed(1)}%`;

/** A cell already written as a percentage ('6.0%') lines up like the numbers. */
const percentText = /^-?\d+(\.\d+)?%$/;

export function textTable(header: readonly string[], rows: readonly (readonly Cell[])[], decimals = 2): string[] {
  const cells = rows.map((row) => row.map((value) => cellText(value, decimals)));
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const numeric = header.map((_, i) =>
    rows.every((row) => {
      const value = row[i];
      return typeof value !== 'string' || percentText.test(value);
    }),
  );
  const line = (texts: readonly string[]) =>
    texts
      .map((text, i) => (numeric[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)];
}
