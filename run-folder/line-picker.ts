/**
 * Reads chosen data rows of a CSV without parsing the rest: newlines are found with Buffer.indexOf (a byte scan),
 * and only the chosen lines are split into fields. For a sample of a few thousand rows out of millions this costs a
 * read of the file, not a parse of it.
 *
 * Rows are counted by newline, as the VMs write them (no field holds a line break); a row chosen past the end is
 * simply not found.
 */
import { openRegular } from './regular-file.js';

const newline = 0x0a;

/**
 * Calls `visit(index, fields)` for each chosen data row, in file order. `indexes` are 0-based data rows (0 is the line
 * after the header), sorted ascending, without repeats. One buffer is read into again and again: a fresh one per
 * chunk (a read stream's way) left the collector most of this pass's time.
 */
export async function pickLines(
  file: string,
  indexes: readonly number[],
  visit: (index: number, fields: string[]) => void,
): Promise<void> {
  if (indexes.length === 0) return;
  let next = 0;
  /** -1 is the header. */
  let row = -1;
  let buffer = Buffer.allocUnsafe(1024 * 1024);
  /** Bytes of an unfinished line kept at the buffer's start. */
  let kept = 0;
  const opened = await openRegular(file);
  // The callers read this file whole (a moment before or after): one gone or swapped has no rows to pick.
  if (!opened.ok) return;
  const handle = opened.handle;
  try {
    for (let position = 0; ; ) {
      if (kept === buffer.length) buffer = Buffer.concat([buffer], 2 * buffer.length);
      // A read that fails (EIO) picks no more, as a file gone does: thrown, it left the command as `launcher: cannot
      // read (EIO)`, exit 1, naming no file; the caller's whole read of the file names it, as unreadable (exit 2).
      const bytesRead = await handle.read(buffer, kept, buffer.length - kept, position).then(
        (read) => read.bytesRead,
        () => 0,
      );
      if (bytesRead === 0) return;
      position += bytesRead;
      const end = kept + bytesRead;
      let from = 0;
      for (let at = buffer.indexOf(newline, kept); at >= 0 && at < end; at = buffer.indexOf(newline, from)) {
        if (row === indexes[next]) {
          visit(row, splitCsvLine(buffer.toString('utf8', from, at)));
          next += 1;
          if (next === indexes.length) return;
        }
        row += 1;
        from = at + 1;
      }
      buffer.copy(buffer, 0, from, end);
      kept = end - from;
    }
  } finally {
    await handle.close();
  }
}

/** One CSV line (RFC 4180: a field in double quotes may hold commas and doubled quotes) into its fields. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line.charCodeAt(at) === 0x22) {
      let text = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) return [...fields, text + line.slice(from)];
        text += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) !== 0x22) {
          at = quote + 1;
          break;
        }
        text += '"';
        from = quote + 2;
      }
      fields.push(text);
      // Anything between the closing quote and the next comma is malformed; keep it, so the row fails to parse.
      const comma = line.indexOf(',', at);
      if (comma !== at) fields[fields.length - 1] += line.slice(at, comma < 0 ? line.length : comma);
      if (comma < 0) return fields;
      at = comma + 1;
    } else {
      const comma = line.indexOf(',', at);
      if (comma < 0) {
        fields.push(line.slice(at));
        return fields;
      }
      fields.push(line.slice(at, comma));
      at = comma + 1;
    }
  }
}
