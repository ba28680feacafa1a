/** The binary msg frame: what goes in comes out, and what a peer could craft is checked as strictly as JSON was. */
import { describe, expect, test } from '@jest/globals';
import { maxFrameBytes } from '../../vm/frame-decoder.js';
import { decodeMessage, encodeMessage, messageHeaderBytes, messageLength } from '../../vm/message-codec.js';
import { messageOutOfBounds } from '../../vm/wire-bounds.js';
import type { MessageFrame } from '../../vm/wire-frames.js';

const msg = (extra: Partial<MessageFrame> = {}): MessageFrame => ({
  t: 'msg',
  id: '2-7',
  from: 2,
  clock: 40,
  sentAt: 1_764_000_000_000.125,
  ...extra,
});

/** Encodes, lets `edit` change the bytes as a hostile peer could, and decodes. */
function roundTrip(frame: MessageFrame, edit: (bytes: Buffer) => void = () => {}) {
  const bytes = encodeMessage(frame);
  edit(bytes);
  const length = messageLength(bytes, 0, maxFrameBytes);
  if (typeof length !== 'number') return length;
  expect(length).toBe(bytes.length);
  return decodeMessage(bytes, 0, length);
}

describe('the binary msg frame', () => {
  test('a message without a vector comes back as it went', () => {
    expect(roundTrip(msg())).toEqual({ ok: true, frame: msg() });
    expect(encodeMessage(msg())).toHaveLength(messageHeaderBytes);
  });

  test('a vector whose entries fit 32 bits comes back as 4-byte entries, in a Uint32Array', () => {
    const vc = Array.from({ length: 64 }, (_, i) => (i === 5 ? 2 ** 32 - 1 : i * 1000));
    const result = roundTrip(msg({ vc }));
    if (!result.ok) throw new Error(result.detail);
    expect(result.frame.vc).toBeInstanceOf(Uint32Array);
    expect(Array.from(result.frame.vc ?? [])).toEqual(vc);
    expect(encodeMessage(msg({ vc }))).toHaveLength(messageHeaderBytes + 64 * 4);
  });

  test('an entry past 32 bits sends the vector as 8-byte entries, exactly', () => {
    const vc = [1, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
    const result = roundTrip(msg({ vc }));
    if (!result.ok) throw new Error(result.detail);
    expect(Array.from(result.frame.vc ?? [])).toEqual(vc);
    // And the bounds still see the entries, as with JSON.
    expect(messageOutOfBounds(result.frame, 3)).toMatch(/entry 2 = 9007199254740991/);
  });

  test('an 8-byte entry that is no safe integer is malformed', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      const result = roundTrip(msg({ vc: [2 ** 40, 0] }), (bytes) => bytes.writeDoubleLE(bad, messageHeaderBytes + 8));
      expect({ bad, result }).toEqual({
        bad,
        result: { ok: false, reason: 'malformed', detail: 'msg vc is not a list of integers' },
      });
    }
  });

  test('a clock that is not a safe integer >= 0, or a send time that is not finite, is malformed', () => {
    const edits: [string, number, number][] = [
      ['fractional clock', 16, 1.5],
      ['negative clock', 16, -1],
      ['unsafe clock', 16, 2 ** 60],
      ['NaN clock', 16, Number.NaN],
      ['NaN sentAt', 24, Number.NaN],
      ['infinite sentAt', 24, Number.NEGATIVE_INFINITY],
    ];
    for (const [what, at, value] of edits) {
      expect({ what, result: roundTrip(msg(), (bytes) => bytes.writeDoubleLE(value, at)) }).toEqual({
        what,
        result: { ok: false, reason: 'malformed', detail: 'msg needs id, from, clock and sentAt' },
      });
    }
  });

  test('a message number that is no id number makes an id the bounds refuse, as a bad JSON id was', () => {
    for (const n of [1.5, -3, Number.NaN, 1e16]) {
      const result = roundTrip(msg(), (bytes) => bytes.writeDoubleLE(n, 8));
      if (!result.ok) throw new Error(result.detail);
      expect({ n, wrong: messageOutOfBounds(result.frame, 3) }).toEqual({
        n,
        wrong: 'a message id that is not "2-<n>"',
      });
    }
  });

  test('a header with an unknown width, or entries without a width, is malformed; a long one is oversize', () => {
    expect(roundTrip(msg({ vc: [1] }), (bytes) => (bytes[1] = 2))).toEqual({
      ok: false,
      reason: 'malformed',
      detail: 'msg vector entries of 2 bytes',
    });
    expect(roundTrip(msg(), (bytes) => bytes.writeUInt16LE(5, 2))).toEqual({
      ok: false,
      reason: 'malformed',
      detail: 'msg entries without a width',
    });
    const long = encodeMessage(msg({ vc: [1] }));
    long[1] = 8;
    long.writeUInt16LE(9000, 2);
    expect(messageLength(long, 0, maxFrameBytes)).toEqual({ ok: false, reason: 'oversize', detail: '72032 bytes' });
  });

  test('only ids of the form <from>-<n> can be encoded (a bug otherwise)', () => {
    expect(() => encodeMessage(msg({ id: '3-7' }))).toThrow(/not "2-<n>"/);
    expect(() => encodeMessage(msg({ id: '2-07' }))).toThrow(/not "2-<n>"/);
  });
});
