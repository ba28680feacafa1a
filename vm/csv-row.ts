/**
 * CSV text for the VM's rows, quoted the way csv-stringify quotes by default (a field holding a comma, a double
 * quote, CR or a newline is wrapped in quotes, inner quotes doubled). The VM writes a row on every tick, and with
 * many VMs on few cores the row's cost is a large part of a tick: calling csv-stringify per row normalised its
 * options every time, so the row is built here instead, and tests hold every cell to csv-stringify's output.
 */
export type CsvCell = string | number;

const needsQuotes = /[",\n\r]/;

export function csvCell(cell: CsvCell): string {
  if (typeof cell === 'number') return String(cell);
  return needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * The vector_clock cell: compact JSON keyed by VM id, zero entries left out (see formatVector), written straight
 * in its quoted form `"{""0"":3,""2"":7}"` rather than formatted, searched and escaped (64 entries on every tick).
 */
export function csvVectorCell(vector: readonly number[]): string {
  let text = '';
  for (let id = 0; id < vector.length; id++) {
    const entry = vector[id];
    if (entry === 0 || entry === undefined) continue;
    text += text === '' ? `""${id}"":${entry}` : `,""${id}"":${entry}`;
  }
  // An empty vector has no quotes to double, and csv-stringify leaves `{}` bare.
  return text === '' ? '{}' : `"{${text}}"`;
}
