/**
 * Splits a byte stream into newline-delimited JSON frames. A frame may arrive split across reads, or several in
 * one read; a line over the size limit or that is not JSON is reported as a value, never thrown.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Frame } from './wire-frames.js';
import { checkFrame } from './wire-frames.js';

export const maxFrameBytes = 64 * 1024;

export type DecodedFrame =
  | { ok: true; frame: Frame }
  | { ok: false; reason: 'oversize' | 'not-json' | 'malformed' | 'unknown-type'; detail: string };

export class FrameDecoder {
  #text = new StringDecoder('utf8');
  #pending = '';

  /** Returns every complete frame in the bytes seen so far, in order. */
  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    this.#pending += this.#text.write(chunk);
    let newline = this.#pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.#pending.slice(0, newline);
      this.#pending = this.#pending.slice(newline + 1);
      if (line.length > maxFrameBytes) out.push({ ok: false, reason: 'oversize', detail: `${line.length} bytes` });
      else if (line.trim() !== '') out.push(decodeLine(line));
      newline = this.#pending.indexOf('\n');
    }
    if (this.#pending.length > maxFrameBytes) {
      // Never buffer an endless line: report it and drop what came so far.
      out.push({ ok: false, reason: 'oversize', detail: `over ${maxFrameBytes} bytes without a newline` });
      this.#pending = '';
    }
    return out;
  }
}

function decodeLine(line: string): DecodedFrame {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not-json', detail: line.slice(0, 40) };
  }
  return checkFrame(value);
}

export function encodeFrame(frame: Frame): string {
  return `${JSON.stringify(frame)}\n`;
}
