/**
 * A VM's CSV row as typed data (csv-row.ts's parseRow reads one from a record), and what reading one gives: the row,
 * or the finding of a malformed one.
 */

type RowBase = {
  /** 1-based line in the CSV file (the header is line 1). */
  line: number;
  tick: number;
  elapsedMs: number;
  clock: number;
  jump: number;
  queueLen: number;
  /**
   * The vector_clock column as written (compact JSON, e.g. `{"0":3,"2":5}`), absent in runs from before vector
   * clocks. Kept as text: parseRow reads its entries into the array its caller gives, for the readers that need them.
   */
  vectorClock?: string;
};

export type EventRow =
  | (RowBase & { event: 'internal' })
  | (RowBase & { event: 'send'; to: number[]; msgId: string; seq: number; msgClock: number })
  | (RowBase & { event: 'receive'; from: number; msgId: string; seq: number; msgClock: number });

/**
 * A failure keeps the tick when it reads, for the finding to name; nothing else of it is trusted (a line pasted in
 * may hold any clock), so no reader takes it as the row the next one follows from.
 */
export type RowParse =
  | { ok: true; row: EventRow }
  | { ok: false; line: number; tick: number | null; found: string; expected: string };

/**
 * The largest elapsed_ms a row may carry: 10^12 ms (about 31 years), far past the longest run a config allows (86,400
 * experiment s at speed 0.01: 100 days), and small enough that every reader and the ShiViz export print it as a
 * plain whole number.
 */
export const maxElapsedMs = 1e12;
