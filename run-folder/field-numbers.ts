/**
 * Whole numbers read from a field's char codes: straight from its offsets (streamVmCsvFields in read-vm-csv.ts), where
 * no string is made, which matters over a million rows; or from its text (parseRow in csv-row.ts).
 */

/**
 * A whole number written in text[start, end) (optional leading '-'), or NaN for anything else (empty included), and
 * for one past 2^53 - 1, which would not read back as written (as csv-row.ts's parseRow refuses it).
 */
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
  return value <= Number.MAX_SAFE_INTEGER ? sign * value : Number.NaN;
}

/**
 * Digits with an optional '-', as the VMs write them (and as the report's reader takes them: intIn); NaN
 * for anything else, and for a number past 2^53 - 1, which would not read back as written (`99999999999999999999999`
 * is 1e+23) nor print as digits. Not `+text`, which also takes ' 1', '\r1', '0x1' or '1e3': a msg_id with a control
 * character in it read as a good one, and was quoted raw in the findings about its message.
 */
export function intOf(text: string | undefined): number {
  return text === undefined ? Number.NaN : intIn(text, 0, text.length);
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
