/**
 * A hand-rolled CSV field splitter for the report's reader. csv-parse costs ~3 us a row (see analysis/digest-pool.ts),
 * and the report must read a million rows in well under that budget: fields are located by offset within the chunk
 * and numbers read from char codes, so a row allocates one string (elapsed_ms) at most.
 *
 * Quoted fields (the vector_clock JSON is written quoted: it holds commas) are located inside their quotes; doubled
 * quotes are left as they are, which is fine for every field the report reads.
 */

/** Offsets of each field of `text[start, end)` into starts/ends; returns the number of fields (may exceed capacity). */
export function splitFields(text: string, start: number, end: number, starts: Int32Array, ends: Int32Array): number {
  let field = 0;
  let at = start;
  for (;;) {
    let fieldStart = at;
    let fieldEnd: number;
    if (text.charCodeAt(at) === 34 /* " */) {
      fieldStart = at + 1;
      let close = text.indexOf('"', fieldStart);
      while (close !== -1 && close < end && text.charCodeAt(close + 1) === 34) close = text.indexOf('"', close + 2);
      fieldEnd = close === -1 || close >= end ? end : close;
      at = text.indexOf(',', fieldEnd);
    } else {
      at = text.indexOf(',', at);
      fieldEnd = at === -1 || at >= end ? end : at;
    }
    if (field < starts.length) {
      starts[field] = fieldStart;
      ends[field] = fieldEnd;
    }
    field += 1;
    if (at === -1 || at >= end) return field;
    at += 1;
  }
}

/** A whole number written in text[start, end) (optional leading '-'), or NaN for anything else (empty included). */
export function intIn(text: string, start: number, end: number): number {
  let sign = 1;
  let at = start;
  if (text.charCodeAt(at) === 45 /* - */) {
    sign = -1;
    at += 1;
  }
  if (at >= end) return Number.NaN;
  let value = 0;
  for (; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return sign * value;
}

/** Every run of digits in text[start, end), in order: `{"0":3,"12":5}` gives 0, 3, 12, 5. */
export function digitRuns(text: string, start: number, end: number, into: number[]): number[] {
  into.length = 0;
  let value = -1;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit >= 0 && digit <= 9) value = value < 0 ? digit : value * 10 + digit;
    else if (value >= 0) {
      into.push(value);
      value = -1;
    }
  }
  if (value >= 0) into.push(value);
  return into;
}
