/**
 * One CSV record read as a typed row (event-row.ts), or the finding of why it is malformed. Records come from
 * csv-parse as string arrays (no `columns`, no `cast`: several times faster on millions of rows), so the column
 * positions are looked up once here from the shared column list.
 */
import { counted } from '../shared/counted.js';
import { printable, quoted } from '../shared/printable-text.js';
import { type CsvColumn, csvColumns, lamportColumnCount } from './csv-columns.js';
import { type EventRow, maxElapsedMs, type RowParse } from './event-row.js';
import { intOf } from './field-numbers.js';
import { isPeer, parseMsgId, parseRecipients } from './message-fields.js';
import { readVector, vectorFormat } from './vector-text.js';

const at = (column: CsvColumn): number => csvColumns.indexOf(column);
const c = {
  vm: at('vm'),
  tick: at('tick'),
  event: at('event'),
  elapsed: at('elapsed_ms'),
  clock: at('logical_clock'),
  jump: at('jump'),
  queue: at('queue_len'),
  peer: at('peer'),
  msgId: at('msg_id'),
  msgClock: at('msg_clock'),
  vector: at('vector_clock'),
};

/** A field as a finding quotes it: escaped and cut (quoted), since the file may hold anything. */
const field = (record: readonly string[], column: number): string => quoted(record[column] ?? '');

/**
 * Failure as a value; a plain function (no per-row closure) since this runs once per row on millions of rows. Every
 * finding of a malformed row is built here: `found` is made printable once more, so no raw byte of the file reaches
 * a terminal whatever a caller quoted.
 */
function bad(line: number, record: readonly string[], found: string, expected: string): RowParse {
  const tick = intOf(record[c.tick]);
  return {
    ok: false,
    line,
    tick: Number.isNaN(tick) ? null : tick,
    found: printable(found),
    expected,
  };
}

/** Every whole-number column reads as a safe integer (intOf); these must also be >= 0. */
const wholeRange = 'from 0 to 2^53 - 1';

/** Where a vector is read when the caller wants only to know that it reads; one per machine count (one run at once). */
let scratch = new Uint32Array(0);

function scratchFor(machines: number): Uint32Array {
  if (scratch.length !== machines) scratch = new Uint32Array(machines);
  return scratch;
}

/**
 * Adds the vector_clock text when the record has that column (set after the literal: one shape per file), read
 * into `into`. A vector that does not read makes the row malformed here, for every reader alike: the checker's
 * rules, the analysis and the restart's figures then all leave out the same rows.
 */
function withVector(row: EventRow, record: readonly string[], machines: number, into: Uint32Array): RowParse {
  const vector = record[c.vector];
  if (vector === undefined) return { ok: true, row };
  if (!readVector(vector, into))
    return bad(row.line, record, `vector_clock ${quoted(vector, 100)}`, vectorFormat(machines));
  row.vectorClock = vector;
  return { ok: true, row };
}

const quotingRule = 'each field quoted whole or not at all, and a quote inside a quoted field doubled';

/**
 * `fields`: the number of columns the file's header has (11 before vector clocks, 12 with them); every row of a file
 * must have as many. Without it, either count is accepted. `vector` (length `machines`): where the vector_clock is
 * read to see that it reads; after a row with one, it holds that row's vector, so a reader that needs the entries
 * takes them from there instead of reading the text again. Without it, a scratch array that the next row overwrites.
 */
export function parseRow(
  record: readonly string[],
  line: number,
  vmId: number,
  machines: number,
  fields?: number,
  vector: Uint32Array = scratchFor(machines),
): RowParse {
  const width = record.length;
  // No fields: a line that does not read as CSV on its own, in a file csv-parse refused (csv-visitor.ts).
  if (width === 0) return bad(line, record, 'a line whose quotes do not read as CSV', quotingRule);
  if (fields === undefined ? width !== csvColumns.length && width !== lamportColumnCount : width !== fields) {
    const expected =
      fields === undefined
        ? `${csvColumns.length} (or ${lamportColumnCount} before vector clocks)`
        : `${fields}, as in the header`;
    return bad(line, record, counted(width, 'field'), expected);
  }
  if (intOf(record[c.vm]) !== vmId) return bad(line, record, `vm ${field(record, c.vm)}`, `${vmId}, the file's VM`);
  const tick = intOf(record[c.tick]);
  if (!(tick >= 0)) return bad(line, record, `tick ${field(record, c.tick)}`, `a whole number ${wholeRange}`);
  const elapsedText = record[c.elapsed] as string;
  const elapsedMs = elapsedText === '' ? Number.NaN : +elapsedText;
  if (!(elapsedMs >= 0 && elapsedMs <= maxElapsedMs))
    return bad(line, record, `elapsed_ms ${quoted(elapsedText)}`, 'a number of ms from 0 to 10^12');
  const clock = intOf(record[c.clock]);
  const jump = intOf(record[c.jump]);
  const queueLen = intOf(record[c.queue]);
  if (!(clock >= 0) || Number.isNaN(jump) || !(queueLen >= 0)) {
    return bad(
      line,
      record,
      `logical_clock ${field(record, c.clock)}, jump ${field(record, c.jump)}, queue_len ${field(record, c.queue)}`,
      'whole numbers of at most 2^53 - 1 in size (logical_clock and queue_len >= 0)',
    );
  }
  const event = record[c.event];
  const peer = record[c.peer] as string;
  const msgId = record[c.msgId] as string;
  if (event === 'internal') {
    if (peer !== '' || msgId !== '' || record[c.msgClock] !== '') {
      return bad(line, record, 'an internal event with peer, msg_id or msg_clock', 'those columns empty');
    }
    return withVector({ line, tick, elapsedMs, clock, jump, queueLen, event }, record, machines, vector);
  }
  if (event !== 'send' && event !== 'receive')
    return bad(line, record, `event ${field(record, c.event)}`, 'receive, send or internal');
  const id = parseMsgId(msgId);
  if (id === null) return bad(line, record, `msg_id ${quoted(msgId)}`, '<sender>-<n>, n >= 1');
  const msgClock = intOf(record[c.msgClock]);
  if (!(msgClock >= 0))
    return bad(line, record, `msg_clock ${field(record, c.msgClock)}`, `a whole number ${wholeRange}`);
  const seq = id[1];
  if (event === 'send') {
    const to = parseRecipients(peer, vmId, machines);
    if (to === null) return bad(line, record, `peer ${quoted(peer)}`, 'distinct peer ids joined by ;');
    if (id[0] !== vmId) return bad(line, record, `msg_id ${quoted(msgId)} on a send`, `${vmId}-<n>`);
    return withVector(
      { line, tick, elapsedMs, clock, jump, queueLen, event, to, msgId, seq, msgClock },
      record,
      machines,
      vector,
    );
  }
  const from = intOf(peer);
  if (!isPeer(from, vmId, machines)) return bad(line, record, `peer ${quoted(peer)}`, 'the id of another VM');
  if (id[0] !== from) return bad(line, record, `msg_id ${quoted(msgId)} from VM ${from}`, `${from}-<n>`);
  return withVector(
    { line, tick, elapsedMs, clock, jump, queueLen, event, from, msgId, seq, msgClock },
    record,
    machines,
    vector,
  );
}
