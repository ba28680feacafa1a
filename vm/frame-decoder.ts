/**
 * Splits a byte stream into newline-delimited JSON frames. A frame may arrive split across reads, or several in
 * one read; a line over the size limit (in bytes) or that is not JSON is reported as a value, never thrown. An
 * oversize line is refused whole: its bytes are skipped up to the next newline, however the reads cut it.
 * Each byte is searched and copied a bounded number of times, so a frame trickled one byte per read costs linear
 * time (an unfinished line is kept in a buffer that grows by doubling, and only new bytes are searched).
 */
import { printable } from '../shared/printable-text.js';
import type { Frame } from './wire-frames.js';
import { checkFrame } from './wire-frames.js';

export const maxFrameBytes = 64 * 1024;
const newline = 0x0a;

export type DecodedFrame =
  | { ok: true; frame: Frame }
  | { ok: false; reason: 'oversize' | 'not-json' | 'malformed' | 'unknown-type'; detail: string };

export class FrameDecoder {
  /** The unfinished line: the first #pendingLength bytes of #pending. */
  #pending: Buffer = Buffer.alloc(0);
  #pendingLength = 0;
  /** Inside an oversize line already reported: drop bytes until its newline. */
  #skipping = false;
  #bytesTouched = 0;

  /** Bytes searched or copied so far: the decoder's work, linear in the bytes pushed. */
  get bytesTouched(): number {
    return this.#bytesTouched;
  }

  /** Returns every complete frame in the bytes seen so far, in order. */
  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let start = 0;
    if (this.#skipping || this.#pendingLength > 0) {
      const end = this.#find(chunk, 0);
      if (end === -1) {
        if (!this.#skipping) this.#keep(chunk, 0, out);
        return out;
      }
      if (this.#skipping) this.#skipping = false;
      else this.#finishPending(chunk.subarray(0, end), out);
      start = end + 1;
    }
    // Whole lines inside the chunk are decoded where they lie (no copy per line).
    for (let end = this.#find(chunk, start); end !== -1; end = this.#find(chunk, start)) {
      if (end - start > maxFrameBytes) out.push({ ok: false, reason: 'oversize', detail: `${end - start} bytes` });
      else if (end > start) decodeLine(chunk.toString('utf8', start, end), out);
      start = end + 1;
    }
    this.#keep(chunk, start, out);
    return out;
  }

  #find(chunk: Buffer, from: number): number {
    const at = chunk.indexOf(newline, from);
    this.#bytesTouched += (at === -1 ? chunk.length : at + 1) - from;
    return at;
  }

  /** Keeps chunk[from..] as (the start or more of) an unfinished line; never more than the limit. */
  #keep(chunk: Buffer, from: number, out: DecodedFrame[]): void {
    const rest = chunk.length - from;
    if (rest === 0) return;
    const length = this.#pendingLength + rest;
    if (length > maxFrameBytes) {
      // Never buffer an endless line: report it once and skip the rest of it.
      out.push({ ok: false, reason: 'oversize', detail: `over ${maxFrameBytes} bytes without a newline` });
      this.#skipping = true;
      this.#pendingLength = 0;
      return;
    }
    if (length > this.#pending.length) {
      const grown = Buffer.allocUnsafe(Math.min(maxFrameBytes, Math.max(length, 2 * this.#pending.length, 256)));
      this.#pending.copy(grown, 0, 0, this.#pendingLength);
      this.#bytesTouched += this.#pendingLength;
      this.#pending = grown;
    }
    chunk.copy(this.#pending, this.#pendingLength, from);
    this.#bytesTouched += rest;
    this.#pendingLength = length;
  }

  /** The newline came: the kept bytes plus `tail` make one line. */
  #finishPending(tail: Buffer, out: DecodedFrame[]): void {
    const length = this.#pendingLength + tail.length;
    if (length > maxFrameBytes) out.push({ ok: false, reason: 'oversize', detail: `${length} bytes` });
    else {
      const line =
        tail.length === 0
          ? this.#pending.subarray(0, length)
          : Buffer.concat([this.#pending.subarray(0, this.#pendingLength), tail]);
      this.#bytesTouched += tail.length === 0 ? 0 : length;
      decodeLine(line.toString('utf8'), out);
    }
    this.#pendingLength = 0;
    // A long line's buffer is not held for a connection's whole life.
    if (this.#pending.length > 4096) this.#pending = Buffer.alloc(0);
  }
}

/** A blank line (whitespace only) is skipped; anything else becomes one decoded frame or refusal. */
function decodeLine(line: string, out: DecodedFrame[]): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    if (line.trim() !== '') out.push({ ok: false, reason: 'not-json', detail: printable(line, 40) });
    return;
  }
  out.push(checkFrame(value));
}

export function encodeFrame(frame: Frame): string {
  return `${JSON.stringify(frame)}\n`;
}
