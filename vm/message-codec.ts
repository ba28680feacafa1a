/**
 * The `msg` frame on the wire, in binary: a fixed layout read without JSON.parse of its vector and without a check
 * per entry (JSON decoding and checking took ~5 us of the ~12 us a received copy cost, --no-turbofan). Layout,
 * little-endian:
 *    0  u8   0xf5, the marker: never the first byte of a UTF-8 text line, so no JSON frame can look like one
 *    1  u8   vector entry width: 0 (no vector), 4 (uint32) or 8 (float64: an entry past 32 bits)
 *    2  u16  vector entries
 *    4  u32  sender id
 *    8  f64  message number (the n of the id `<from>-<n>`)
 *   16  f64  Lamport clock
 *   24  f64  send time (epoch ms)
 *   32       the entries
 * Checked as strictly as the JSON frame was: the clock a safe integer >= 0, the send time finite, float64 entries
 * safe integers (uint32 ones are by construction); then the bounds (wire-bounds.ts) apply as to any message.
 */
import type { MessageFrame } from './wire-frames.js';

export const messageMarker = 0xf5;
export const messageHeaderBytes = 32;

export type MessageCheck =
  | { ok: true; frame: MessageFrame }
  | { ok: false; reason: 'malformed' | 'oversize'; detail: string };

/** Typed arrays follow the host's byte order: the wire's is little-endian, so other hosts read entry by entry. */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The frame's whole length from its header (messageHeaderBytes at `at`), or why it cannot be a frame. */
export function messageLength(bytes: Buffer, at: number, maxBytes: number): number | MessageCheck {
  const width = bytes[at + 1] ?? 0;
  const entries = bytes.readUInt16LE(at + 2);
  if (width !== 0 && width !== 4 && width !== 8) {
    return { ok: false, reason: 'malformed', detail: `msg vector entries of ${width} bytes` };
  }
  if (width === 0 && entries !== 0) return { ok: false, reason: 'malformed', detail: 'msg entries without a width' };
  const length = messageHeaderBytes + width * entries;
  return length > maxBytes ? { ok: false, reason: 'oversize', detail: `${length} bytes` } : length;
}

/** Reads the frame at `at`, `length` bytes as messageLength said. */
export function decodeMessage(bytes: Buffer, at: number, length: number): MessageCheck {
  const from = bytes.readUInt32LE(at + 4);
  const clock = bytes.readDoubleLE(at + 16);
  const sentAt = bytes.readDoubleLE(at + 24);
  if (!(Number.isSafeInteger(clock) && clock >= 0 && Number.isFinite(sentAt))) {
    return { ok: false, reason: 'malformed', detail: 'msg needs id, from, clock and sentAt' };
  }
  // Whatever the number is, the id is checked where a JSON frame's was (wire-bounds.ts).
  const id = `${from}-${bytes.readDoubleLE(at + 8)}`;
  const frame: MessageFrame = { t: 'msg', id, from, clock, sentAt };
  const width = bytes[at + 1];
  if (width === 0) return { ok: true, frame };
  const start = bytes.byteOffset + at + messageHeaderBytes;
  const end = bytes.byteOffset + at + length;
  if (width === 4) {
    frame.vc = littleEndian ? new Uint32Array(bytes.buffer.slice(start, end)) : readEntries(bytes, at, length, 4);
    return { ok: true, frame };
  }
  const vc = littleEndian ? new Float64Array(bytes.buffer.slice(start, end)) : readEntries(bytes, at, length, 8);
  for (let i = 0; i < vc.length; i++) {
    if (!Number.isSafeInteger(vc[i]))
      return { ok: false, reason: 'malformed', detail: 'msg vc is not a list of integers' };
  }
  frame.vc = vc;
  return { ok: true, frame };
}

function readEntries(bytes: Buffer, at: number, length: number, width: 4 | 8): number[] {
  const entries: number[] = [];
  for (let i = at + messageHeaderBytes; i < at + length; i += width) {
    entries.push(width === 4 ? bytes.readUInt32LE(i) : bytes.readDoubleLE(i));
  }
  return entries;
}

/** The frame's bytes. The id must be `<from>-<n>` (this VM's own messages always are). */
export function encodeMessage(frame: MessageFrame): Buffer {
  const dash = frame.id.indexOf('-');
  const number = Number(frame.id.slice(dash + 1));
  if (frame.id.slice(0, dash) !== String(frame.from) || String(number) !== frame.id.slice(dash + 1)) {
    throw new Error(`message id ${frame.id} is not "${frame.from}-<n>"`);
  }
  const vc = frame.vc;
  const entries = vc === undefined ? 0 : vc.length;
  const width = vc === undefined ? 0 : fitsUint32(vc) ? 4 : 8;
  const bytes = Buffer.allocUnsafe(messageHeaderBytes + width * entries);
  bytes[0] = messageMarker;
  bytes[1] = width;
  bytes.writeUInt16LE(entries, 2);
  bytes.writeUInt32LE(frame.from, 4);
  bytes.writeDoubleLE(number, 8);
  bytes.writeDoubleLE(frame.clock, 16);
  bytes.writeDoubleLE(frame.sentAt, 24);
  if (vc === undefined) return bytes;
  if (littleEndian) {
    const typed = width === 4 ? Uint32Array.from(vc) : Float64Array.from(vc);
    bytes.set(new Uint8Array(typed.buffer), messageHeaderBytes);
    return bytes;
  }
  for (let i = 0; i < entries; i++) {
    const at = messageHeaderBytes + i * width;
    if (width === 4) bytes.writeUInt32LE(vc[i] ?? 0, at);
    else bytes.writeDoubleLE(vc[i] ?? 0, at);
  }
  return bytes;
}

function fitsUint32(vc: ArrayLike<number>): boolean {
  for (let i = 0; i < vc.length; i++) {
    const entry = vc[i] ?? 0;
    if (entry >>> 0 !== entry) return false;
  }
  return true;
}
