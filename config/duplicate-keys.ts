/**
 * Keys given twice in one JSON object. JSON.parse keeps the last of them, so a config edited by hand with two
 * `"clockRate"`s ran with whichever came last, and said nothing. This scans text JSON.parse has already accepted:
 * valid JSON, so it only follows strings and brackets, in one pass, without recursion (a nesting JSON.parse takes
 * cannot overflow the stack here). Keys are compared as JSON.parse decodes them: "a" and "\u0061" are one key.
 */

/** Where a key's opening quote is: line from 1, column from 1 in UTF-16 units (as editors count). */
export type TextPosition = { line: number; column: number };

export type DuplicateKey = {
  key: string;
  /** From the top of the document to the key, itself included: `['faults', 'kills', 0, 'vm']`. */
  path: (string | number)[];
  at: TextPosition;
  /** The key's first occurrence in the same object. */
  first: TextPosition;
};

type Frame = { kind: 'object'; keys: Map<string, TextPosition>; key: string } | { kind: 'array'; index: number };

const quote = 0x22;
const backslash = 0x5c;

/**
 * The first `limit` keys that repeat a key of their own object, in the order of the text, and how many there are in
 * all. Only the shown ones get their path: a deep document repeating one key thousands of times (a manifest may be
 * 64 MiB) would otherwise hold depth x repeats path entries (20,000 x 20,000: 3.4 GB).
 */
export function duplicateKeys(
  text: string,
  limit = Number.POSITIVE_INFINITY,
): { shown: DuplicateKey[]; total: number } {
  const found: DuplicateKey[] = [];
  let total = 0;
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  // After `{` and after `,` in an object, the next string is a key.
  let keyNext = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      const end = closingQuote(text, i);
      const top = stack.at(-1);
      if (keyNext && top?.kind === 'object') {
        const key = decoded(text, i, end);
        const at = { line, column: i - lineStart + 1 };
        const first = top.keys.get(key);
        top.key = key;
        if (first === undefined) top.keys.set(key, at);
        else if (++total <= limit) found.push({ key, path: pathOf(stack), at, first });
      }
      keyNext = false;
      i = end + 1;
      continue;
    }
    // Line breaks are only between tokens: a string cannot hold a raw one.
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x7b) {
      stack.push({ kind: 'object', keys: new Map(), key: '' });
      keyNext = true;
    } else if (c === 0x5b) {
      stack.push({ kind: 'array', index: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      keyNext = false;
    } else if (c === 0x2c) {
      const top = stack.at(-1);
      if (top?.kind === 'object') keyNext = true;
      else if (top?.kind === 'array') top.index++;
    }
    i++;
  }
  return { shown: found, total };
}

/** The quote closing the string opened at `open`: the next one not escaped (after an even run of backslashes). */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    // Only on text JSON.parse refused: end the scan rather than loop.
    if (at === -1) return text.length;
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === backslash) slashes++;
    if (slashes % 2 === 0) return at;
  }
}

/** The key as JSON.parse reads it; the common key without an escape is its text. */
function decoded(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

function pathOf(stack: readonly Frame[]): (string | number)[] {
  return stack.map((frame) => (frame.kind === 'object' ? frame.key : frame.index));
}
