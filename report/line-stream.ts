/**
 * Calls back once per complete line of a file, streaming in 1 MB chunks (a run's CSV can be hundreds of MB).
 * Text after the last newline is a line cut by a kill: it is not handed over, only its length reported.
 */
import { createReadStream } from 'node:fs';
import { errorCode, type Unreadable, unreadable } from '../run-folder/unreadable.js';

/** `text[start, end)` is one line without its newline; return false to stop reading. */
export type LineVisitor = (text: string, start: number, end: number) => boolean;

export type LineStreamResult =
  | { ok: true; cutTailBytes: number }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'stopped' }
  | Unreadable;

export async function eachLine(file: string, visit: LineVisitor): Promise<LineStreamResult> {
  // latin1: one char per byte, so offsets and the cut tail count bytes; every CSV field is ASCII.
  const stream = createReadStream(file, { encoding: 'latin1', highWaterMark: 1 << 20 });
  let rest = '';
  try {
    for await (const chunk of stream) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        if (!visit(text, start, newline)) {
          stream.destroy();
          return { ok: false, reason: 'stopped' };
        }
        start = newline + 1;
      }
      rest = text.slice(start);
    }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { ok: false, reason: 'missing' };
    return unreadable('csv-unreadable', file, `cannot read (${errorCode(error)})`);
  }
  return { ok: true, cutTailBytes: rest.length };
}
