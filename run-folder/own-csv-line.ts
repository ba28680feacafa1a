/**
 * The fast path for lines this project's own writer produced (vm/csv-row.ts): no field is quoted except perhaps the
 * last (vector_clock, which holds commas and doubled quotes), no CR, exactly the header's number of fields. Such a
 * line is split with indexOf instead of csv-parse's byte-by-byte state machine (most of the analysis's CPU on big
 * runs). Every assumption is checked on every line; a line that breaks one gives null, and the caller reads the
 * whole file with csv-parse instead, so a hand-edited CSV is still read exactly as before. A property test holds the
 * fields to csv-parse's.
 */

const quoteCode = 0x22;

/**
 * Splits the lines of one decoded text (whole lines only); positions of the next quote and CR are cached. `locate`
 * gives each field's offsets without making a string (the report reads a million rows that way); `split` makes the
 * strings. Both accept exactly the same lines.
 */
export class OwnLineSplitter {
  #text = '';
  /** Smallest index >= some earlier line start holding a '"' (text.length: none); recomputed once passed. */
  #quote = 0;
  #cr = 0;
  /** Whether the last field of the line last located was quoted (its offsets are inside the quotes). */
  #quotedLast = false;

  /** Starts on a new text (a chunk of whole lines). */
  reset(text: string): void {
    this.#text = text;
    this.#quote = -1;
    this.#cr = firstFrom(text, '\r', 0);
  }

  get text(): string {
    return this.#text;
  }

  /** True when the last located line's last field was quoted: its offsets exclude the quotes, pairs left doubled. */
  get quotedLast(): boolean {
    return this.#quotedLast;
  }

  /**
   * Offsets of each field of text[start, end) (`end` is the index of its '\n' or the text's end) into starts/ends
   * (at least `fields` long); false when the line is not one the writer produced: then csv-parse must read it.
   */
  locate(start: number, end: number, fields: number, starts: Int32Array, ends: Int32Array): boolean {
    const text = this.#text;
    if (this.#cr < start) this.#cr = firstFrom(text, '\r', start);
    if (this.#cr < end) return false;
    if (this.#quote < start) this.#quote = firstFrom(text, '"', start);
    const quote = this.#quote;
    let at = start;
    const last = fields - 1;
    for (let i = 0; i < last; i++) {
      const comma = text.indexOf(',', at);
      if (comma < 0 || comma >= end) return false;
      starts[i] = at;
      ends[i] = comma;
      at = comma + 1;
    }
    // `at` starts the last field: unquoted, or quoted from its first character to its last.
    if (quote >= end) {
      const comma = text.indexOf(',', at);
      if (comma >= 0 && comma < end) return false;
      starts[last] = at;
      ends[last] = end;
      this.#quotedLast = false;
      return true;
    }
    // A quote in an earlier field, or one inside an unquoted last field: not a line the writer produced.
    if (quote !== at || !isQuotedField(text, at, end)) return false;
    starts[last] = at + 1;
    ends[last] = end - 1;
    this.#quotedLast = true;
    return true;
  }

  /**
   * The fields of text[start, end) as strings (quotes undoubled), or null as for `locate`. Its own loop rather than
   * `locate` and then slices: this is the analysis's inner loop over millions of rows.
   */
  split(start: number, end: number, fields: number): string[] | null {
    const text = this.#text;
    if (this.#cr < start) this.#cr = firstFrom(text, '\r', start);
    if (this.#cr < end) return null;
    if (this.#quote < start) this.#quote = firstFrom(text, '"', start);
    const quote = this.#quote;
    const record = new Array<string>(fields);
    let at = start;
    for (let i = 0; i < fields - 1; i++) {
      const comma = text.indexOf(',', at);
      if (comma < 0 || comma >= end) return null;
      record[i] = text.slice(at, comma);
      at = comma + 1;
    }
    if (quote >= end) {
      const comma = text.indexOf(',', at);
      if (comma >= 0 && comma < end) return null;
      record[fields - 1] = text.slice(at, end);
      return record;
    }
    if (quote !== at) return null;
    const value = quotedField(text, at, end);
    if (value === null) return null;
    record[fields - 1] = value;
    return record;
  }
}

/**
 * text[at, end) is `"` + content + `"` with every quote in the content doubled. False otherwise (a lone quote
 * inside, or the closing quote not last, which csv-parse reads differently or refuses).
 */
function isQuotedField(text: string, at: number, end: number): boolean {
  const close = end - 1;
  if (close <= at || text.charCodeAt(close) !== quoteCode) return false;
  for (let i = at + 1; i < close; i++) {
    if (text.charCodeAt(i) !== quoteCode) continue;
    // Inside, quotes come in pairs; a pair ending on the closing quote (`"a""`) leaves the field open.
    if (i + 1 === close || text.charCodeAt(i + 1) !== quoteCode) return false;
    i += 1;
  }
  return true;
}

/** The content of a field `isQuotedField` accepts, quotes undoubled; null exactly when it does not accept it. */
function quotedField(text: string, at: number, end: number): string | null {
  const close = end - 1;
  if (close <= at || text.charCodeAt(close) !== quoteCode) return null;
  // One pass over the characters (fields are short): each pair becomes one quote, the text between copied in pieces.
  let value = '';
  let from = at + 1;
  for (let i = from; i < close; i++) {
    if (text.charCodeAt(i) !== quoteCode) continue;
    if (i + 1 === close || text.charCodeAt(i + 1) !== quoteCode) return null;
    value += text.slice(from, i + 1);
    i += 1;
    from = i + 1;
  }
  return value + text.slice(from, close);
}

/** Index of the first `char` at or after `from`, or text.length when there is none. */
function firstFrom(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}
