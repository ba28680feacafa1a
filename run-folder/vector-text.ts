/**
 * The vector_clock column: compact JSON keyed by VM id with zero entries left out, e.g. `{"0":3,"2":5}` (vm/
 * vector-clock.ts writes it). Read into a Uint32Array indexed by VM id, zeros included, without JSON.parse on the
 * usual compact form: the checker reads one per row of runs with millions of rows.
 */

/** What a well-formed vector_clock looks like, for `expected` in findings. */
export const vectorFormat = (machines: number): string =>
  `compact JSON {"<vm id>":n,...}, ids below ${machines}, each n a whole number >= 1`;

const quote = 0x22;
const zero = 0x30;
const nine = 0x39;

/**
 * Reads `text` into `into` (length = machines; zeroed first). False when it is not a vector clock of this run: not a
 * JSON object of VM ids to whole numbers >= 1, an id at or above `machines`, or an id twice.
 */
export function readVector(text: string, into: Uint32Array): boolean {
  into.fill(0);
  return readCompact(text, into) || readJson(text, into);
}

/** The form the VMs write: `{"<id>":<n>,...}`, no spaces. */
function readCompact(text: string, into: Uint32Array): boolean {
  const end = text.length;
  if (end < 2 || text.charCodeAt(0) !== 0x7b || text.charCodeAt(end - 1) !== 0x7d) return false;
  if (end === 2) return true;
  let at = 1;
  const digits = (): number => {
    const start = at;
    let value = 0;
    for (let ch = text.charCodeAt(at); ch >= zero && ch <= nine; ch = text.charCodeAt(++at))
      value = value * 10 + ch - zero;
    return at === start || at - start > 10 || (text.charCodeAt(start) === zero && at - start > 1) ? -1 : value;
  };
  for (;;) {
    if (text.charCodeAt(at++) !== quote) return false;
    const id = digits();
    if (text.charCodeAt(at++) !== quote || text.charCodeAt(at++) !== 0x3a) return false;
    const value = digits();
    if (!set(into, id, value)) return false;
    const next = text.charCodeAt(at++);
    if (next === 0x7d) return at === end;
    if (next !== 0x2c) return false;
  }
}

/** Any other spelling of the same object (spaces, key order): rare, so JSON.parse is fine. */
function readJson(text: string, into: Uint32Array): boolean {
  into.fill(0);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  // JSON.parse keeps the last of two equal keys: count the keys in the text to refuse an id given twice.
  if ((text.match(/"[^"]*"\s*:/g)?.length ?? 0) !== entries.length) return false;
  for (const [key, entry] of entries) {
    if (!/^(0|[1-9]\d*)$/.test(key) || typeof entry !== 'number') return false;
    if (!set(into, Number(key), entry)) return false;
  }
  return true;
}

function set(into: Uint32Array, id: number, value: number): boolean {
  if (!(id >= 0 && id < into.length) || into[id] !== 0) return false;
  if (!Number.isInteger(value) || value < 1 || value > 0xffffffff) return false;
  into[id] = value;
  return true;
}

/** The compact form, keyed by VM id (or by `name(id)`, e.g. `vm0` for ShiViz), zero entries left out. */
export function vectorText(vector: ArrayLike<number>, name: (id: number) => string = String): string {
  let text = '';
  for (let id = 0; id < vector.length; id++) {
    const entry = vector[id] ?? 0;
    if (entry !== 0) text += `${text === '' ? '' : ','}"${name(id)}":${entry}`;
  }
  return `{${text}}`;
}
