/**
 * CSV text for the VM's rows, quoted the way csv-stringify quotes by default (a field holding a comma, a double
 * quote, CR or a newline is wrapped in quotes, inner quotes doubled). The VM writes a row on every tick, and with
 * many VMs on few cores the row's cost is a large part of a tick: calling csv-stringify per row normalised its
 * options every time, so the row is built here instead, and tests hold every cell to csv-stringify's output.
 */
import type { TickOutcome } from './machine.js';

export type CsvCell = string | number;
export type RowTiming = { tick: number; systemTime: string; elapsedMs: number };

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

/**
 * One CSV row of VM `vm` for a tick, with its newline: the very text the VM process and the simulation write.
 * `vectorCell`: the outcome's vector cell when the caller keeps it from row to row (vector-cell-text.ts).
 */
export function csvLine(
  vm: number,
  timing: RowTiming,
  outcome: TickOutcome,
  vectorCell: string = csvVectorCell(outcome.vector),
): string {
  const [peer, msgId, msgClock] = eventColumns(outcome);
  // Numbers, the event name and the ISO time never need quotes; the cells that may (a message id read off the
  // wire, the vector's JSON) go through csvCell / csvVectorCell.
  return (
    `${vm},${timing.tick},${outcome.event},${timing.systemTime},${timing.elapsedMs.toFixed(3)},` +
    `${outcome.clock},${outcome.jump},${outcome.queueLen},${csvCell(peer)},${csvCell(msgId)},${csvCell(msgClock)},` +
    `${vectorCell}\n`
  );
}

function eventColumns(outcome: TickOutcome): [string | number, string, string | number] {
  switch (outcome.event) {
    case 'receive':
      return [outcome.message.from, outcome.message.id, outcome.message.clock];
    case 'send':
      return [[...outcome.to].sort((a, b) => a - b).join(';'), outcome.msgId, outcome.clock];
    case 'internal':
      return ['', '', ''];
    default: {
      const never: never = outcome;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
