/**
 * Splits a byte stream into frames: newline-delimited JSON (the handshake and control frames) and binary `msg`
 * frames (message-codec.ts), told apart by their first byte. A frame may arrive split across reads, or several in
 * one read; a line over the size limit (in bytes), a line that is not JSON or a binary header that cannot be one is
 * reported as a value, never thrown. An oversize line is refused whole: its bytes are skipped up to the next
 * newline, however the reads cut it; after a bad binary header nothing more is read (there is no telling where the
 * next frame starts, and the link is closed for it anyway).
 * Each byte is searched and copied a bounded number of times, so a frame trickled one byte per read costs linear
 * time (an unfinished frame is kept in a buffer that grows by doubling, and only new bytes are searched).
 */
import { printable } from '../shared/printable-text.js';
import { decodeMessage, encodeMessage, messageHeaderBytes, messageLength, messageMarker } from './message-codec.js';
import type { Frame } from './wire-frames.js';
import { checkFrame } from './wire-frames.js';

export const maxFrameBytes = 64 * 1024;
const newline = 0x0a;

export type DecodedFrame =
  | { ok: true; frame: Frame }
  | { ok: false; reason: 'oversize' | 'not-json' | 'malformed' | 'unknown-type'; detail: string };

export class FrameDecoder {
  /** The unfinished frame: the first #pendingLength bytes of #pending. */
  #pending: Buffer = Buffer.alloc(0);
  #pendingLength = 0;
  /** Inside an oversize line already reported: drop bytes until its newline. */
  #skipping = false;
  /** A binary header was bad: nothing after it can be framed. */
  #broken = false;
  #bytesTouched = 0;

  /** Bytes searched or copied so far: the decoder's work, linear in the bytes pushed. */
  get bytesTouched(): number {
    return this.#bytesTouched;
  }

  /** Returns every complete frame in the bytes seen so far, in order. */
  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let start = 0;
    if (this.#broken) return out;
    if (this.#skipping) {
      const end = this.#find(chunk, 0);
      if (end === -1) return out;
      this.#skipping = false;
      start = end + 1;
    } else if (this.#pendingLength > 0) {
      start = this.#pending[0] === messageMarker ? this.#finishMessage(chunk, out) : this.#finishLine(chunk, out);
      if (start === -1) return out;
    }
    // Whole frames inside the chunk are decoded where they lie (no copy per frame).
    while (start < chunk.length && !this.#broken) {
      if (chunk[start] === messageMarker) {
        if (chunk.length - start < messageHeaderBytes) break;
        const length = this.#messageLength(chunk, start, out);
        if (length === -1 || chunk.length - start < length) break;
        out.push(decodeMessage(chunk, start, length));
        this.#bytesTouched += length;
        start += length;
        continue;
      }
      const end = this.#find(chunk, start);
      if (end === -1) break;
      if (end - start > maxFrameBytes) out.push({ ok: false, reason: 'oversize', detail: `${end - start} bytes` });
      else if (end > start) decodeLine(chunk.toString('utf8', start, end), out);
      start = end + 1;
    }
    if (!this.#broken) this.#keep(chunk, start, out);
    return out;
  }

  #find(chunk: Buffer, from: number): number {
    const at = chunk.indexOf(newline, from);
    this.#bytesTouched += (at === -1 ? chunk.length : at + 1) - from;
    return at;
  }

  /** The binary frame's length from its header, or -1 (reported) when the header is bad. */
  #messageLength(bytes: Buffer, at: number, out: DecodedFrame[]): number {
    const length = messageLength(bytes, at, maxFrameBytes);
    if (typeof length === 'number') return length;
    out.push(length);
    this.#broken = true;
    this.#pendingLength = 0;
    return -1;
  }

  /** Keeps chunk[from..] as (the start or more of) an unfinished frame; never more than the limit. */
  #keep(chunk: Buffer, from: number, out: DecodedFrame[]): void {
    const rest = chunk.length - from;
    if (rest === 0) return;
    if (this.#pendingLength + rest > maxFrameBytes) {
      // Never buffer an endless line: report it once and skip the rest of it. (A binary frame is never this long.)
      out.push({ ok: false, reason: 'oversize', detail: `over ${maxFrameBytes} bytes without a newline` });
      this.#skipping = true;
      this.#pendingLength = 0;
      return;
    }
    this.#append(chunk, from, rest);
  }

  #append(chunk: Buffer, from: number, count: number): void {
    const length = this.#pendingLength + count;
    if (length > this.#pending.length) {
      const grown = Buffer.allocUnsafe(Math.min(maxFrameBytes, Math.max(length, 2 * this.#pending.length, 256)));
      this.#pending.copy(grown, 0, 0, this.#pendingLength);
      this.#bytesTouched += this.#pendingLength;
      this.#pending = grown;
    }
    chunk.copy(this.#pending, this.#pendingLength, from, from + count);
    this.#bytesTouched += count;
    this.#pendingLength = length;
  }

  /** The kept bytes start a line: the chunk's bytes up to a newline end it. Returns where the chunk goes on, or -1. */
  #finishLine(chunk: Buffer, out: DecodedFrame[]): number {
    const end = this.#find(chunk, 0);
    if (end === -1) {
      this.#keep(chunk, 0, out);
      return -1;
    }
    const length = this.#pendingLength + end;
    if (length > maxFrameBytes) out.push({ ok: false, reason: 'oversize', detail: `${length} bytes` });
    else {
      this.#append(chunk, 0, end);
      decodeLine(this.#pending.toString('utf8', 0, length), out);
    }
    this.#done();
    return end + 1;
  }

  /** The kept bytes start a binary frame: take what it still needs. Returns where the chunk goes on, or -1. */
  #finishMessage(chunk: Buffer, out: DecodedFrame[]): number {
    let used = 0;
    if (this.#pendingLength < messageHeaderBytes) {
      used = Math.min(messageHeaderBytes - this.#pendingLength, chunk.length);
      this.#append(chunk, 0, used);
      if (this.#pendingLength < messageHeaderBytes) return -1;
    }
    const length = this.#messageLength(this.#pending, 0, out);
    if (length === -1) return -1;
    const take = Math.min(length - this.#pendingLength, chunk.length - used);
    this.#append(chunk, used, take);
    if (this.#pendingLength < length) return -1;
    out.push(decodeMessage(this.#pending, 0, length));
    this.#done();
    return used + take;
  }

  #done(): void {
    this.#pendingLength = 0;
    // A long frame's buffer is not held for a connection's whole life.
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

/** A frame's bytes: a message in binary, any other frame as one line of JSON. */
export function encodeFrame(frame: Frame): Buffer {
  return frame.t === 'msg' ? encodeMessage(frame) : Buffer.from(`${JSON.stringify(frame)}\n`);
}
