/**
 * One CSV record as text, quoted the way csv-stringify quotes by default (a field holding a comma, a double quote, CR or
 * a newline is wrapped in quotes, inner quotes doubled). The VM writes a row on every tick: calling csv-stringify per
 * row normalised its options each time and cost more CPU than the rest of the tick; a test holds this function to
 * csv-stringify's output.
 */
export type CsvCell = string | number;

const needsQuotes = /[",\n\r]/;

export function csvCell(cell: CsvCell): string {
  if (typeof cell === 'number') return String(cell);
  return needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function csvRow(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(cells[i] as CsvCell);
  }
  return `${line}\n`;
}
