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

/** A cell already written as a number ('6.0%', '1.89 ± 0.54', '-0.04 .. 2.61', '-') lines up like the numbers. */
const percentText = /^(-?\d+(\.\d+)?%?( (±|\.\.) -?\d+(\.\d+)?%?)?|-)$/;

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

export type FitOptions = {
  /** Terminal columns: no line is longer. */
  width: number;
  /** Leading columns repeated in every block (the row's name). */
  keep?: number;
  decimals?: number;
  /** Where the whole table is, for the note when a column cannot fit at all (e.g. `--json`). */
  whole: string;
  /** At most this many blocks (a long table printed twice reads worse than one with a note); default: all. */
  maxBlocks?: number;
};

/**
 * `textTable` fitted to a width: the key columns, then as many of the others as fit; the rest follow in further
 * blocks under the same key columns. A column too wide to fit beside the keys is left out, and a note says where the
 * whole table is. Lines are never longer than `width`.
 */
export function fitTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: FitOptions): string[] {
  const { width, decimals = 2 } = options;
  const keep = Math.min(options.keep ?? 1, header.length);
  const all = textTable(header, rows, decimals);
  if (all.every((line) => line.length <= width)) return all;
  const cells = rows.map((row) => row.map((value) => cellText(value, decimals)));
  const widthOf = (i: number) => Math.max(header[i]?.length ?? 0, ...cells.map((row) => row[i]?.length ?? 0));
  const keys = Array.from({ length: keep }, (_, i) => i);
  const keyWidth = keys.reduce((sum, i) => sum + widthOf(i) + 2, 0);
  const blocks: number[][] = [];
  const dropped: string[] = [];
  let block: number[] = [];
  let used = keyWidth;
  for (let i = keep; i < header.length; i++) {
    const need = widthOf(i) + 2;
    if (keyWidth + need - 2 > width) {
      dropped.push(header[i] ?? String(i));
      continue;
    }
    if (used + need - 2 > width && block.length > 0) {
      blocks.push(block);
      block = [];
      used = keyWidth;
    }
    block.push(i);
    used += need;
  }
  if (block.length > 0 || blocks.length === 0) blocks.push(block);
  for (const left of blocks.splice(options.maxBlocks ?? blocks.length)) {
    dropped.push(...left.map((i) => header[i] ?? String(i)));
  }
  const pick = <T>(row: readonly T[], columns: readonly number[]) => columns.map((i) => row[i] as T);
  const lines = blocks.flatMap((columns, b) => {
    const chosen = [...keys, ...columns];
    const table = textTable(
      pick(header, chosen),
      rows.map((row) => pick(row, chosen)),
      decimals,
    );
    return b === 0 ? table : ['', ...table];
  });
  if (dropped.length > 0) {
    lines.push(
      ...wrapText(`(left out at ${width} columns: ${dropped.join(', ')}; ${options.whole} has everything)`, width),
    );
  }
  // Key columns wider than the terminal: cut rather than wrap, so the rows stay rows.
  return lines.map((line) => (line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}~`));
}

/** Words wrapped to `width`; continuation lines start with `indent`. A word longer than a line is cut. */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  if (text.length <= width) return [text];
  // A line that starts indented keeps its indent, and its continuation lines go one step further.
  const found = /^ */.exec(text)?.[0] ?? '';
  const lead = found.length < width / 2 ? found : '';
  const next = lead.length + indent.length < width / 2 ? `${lead}${indent}` : '';
  return wrapWords(text.slice(found.length), width, lead, next);
}

function wrapWords(text: string, width: number, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    const candidate = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length <= width || line.trim() === '') {
      line = candidate;
    } else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  lines.push(line);
  return lines.flatMap((l) => chunk(l, width, indent));
}

function chunk(line: string, width: number, indent: string): string[] {
  if (line.length <= width) return [line];
  const step = Math.max(1, width - indent.length);
  const out = [line.slice(0, width)];
  for (let at = width; at < line.length; at += step) out.push(`${indent}${line.slice(at, at + step)}`);
  return out;
}
