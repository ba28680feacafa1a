/**
 * Splits a byte stream into newline-delimited JSON frames. A frame may arrive split across reads, or several in
 * one read; a line over the size limit (in bytes) or that is not JSON is reported as a value, never thrown. An
 * oversize line is refused whole: its bytes are skipped up to the next newline, however the reads cut it.
 */
import type { Frame } from './wire-frames.js';
import { checkFrame } from './wire-frames.js';

export const maxFrameBytes = 64 * 1024;
const newline = 0x0a;
const noBytes = Buffer.alloc(0);

export type DecodedFrame =
  | { ok: true; frame: Frame }
  | { ok: false; reason: 'oversize' | 'not-json' | 'malformed' | 'unknown-type'; detail: string };

export class FrameDecoder {
  #pending: Buffer = noBytes;
  /** Inside an oversize line already reported: drop bytes until its newline. */
  #skipping = false;

  /** Returns every complete frame in the bytes seen so far, in order. */
  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    // Lines are decoded where they lie (no slice per line); only an unfinished tail is copied and kept.
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let start = 0;
    let end = data.indexOf(newline);
    while (end !== -1) {
      if (this.#skipping) this.#skipping = false;
      else if (end - start > maxFrameBytes) out.push({ ok: false, reason: 'oversize', detail: `${end - start} bytes` });
      else if (end > start) {
        const decoded = decodeLine(data.toString('utf8', start, end));
        if (decoded !== undefined) out.push(decoded);
      }
      start = end + 1;
      end = data.indexOf(newline, start);
    }
    const rest = data.length - start;
    if (rest > maxFrameBytes) {
      // Never buffer an endless line: report it once and skip the rest of it.
      if (!this.#skipping)
        out.push({ ok: false, reason: 'oversize', detail: `over ${maxFrameBytes} bytes without a newline` });
      this.#skipping = true;
    }
    this.#pending = this.#skipping || rest === 0 ? noBytes : Buffer.from(data.subarray(start));
    return out;
  }
}

/** A blank line (whitespace only) is skipped: undefined. */
function decodeLine(line: string): DecodedFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line.trim() === '' ? undefined : { ok: false, reason: 'not-json', detail: line.slice(0, 40) };
  }
  return checkFrame(value);
}

export function encodeFrame(frame: Frame): string {
  return `${JSON.stringify(frame)}\n`;
}
