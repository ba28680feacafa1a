import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { type DecodedFrame, encodeFrame, FrameDecoder, maxFrameBytes } from '../../vm/frame-decoder.js';
import type { Frame } from '../../vm/wire-frames.js';

const msg = (n: number, extra: Partial<Frame> = {}): Frame =>
  ({ t: 'msg', id: `1-${n}`, from: 1, clock: n, sentAt: n * 1.5, ...extra }) as Frame;

const nonce = '0123456789abcdef'.repeat(2);
const proof = 'fe'.repeat(32);

const bytes = (text: string | Buffer): Buffer => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
/** Frames and text, one after the other, as bytes. */
const cat = (...parts: (string | Buffer)[]): Buffer => Buffer.concat(parts.map(bytes));

const pushAll = (decoder: FrameDecoder, chunks: Buffer[]): DecodedFrame[] =>
  chunks.flatMap((chunk) => decoder.push(chunk));

/** A received vector comes as a typed array: compared as a plain list. */
const plain = (frame: Frame): Frame =>
  frame.t === 'msg' && frame.vc !== undefined ? { ...frame, vc: Array.from(frame.vc) } : frame;

const okFrames = (decoded: DecodedFrame[]): Frame[] =>
  decoded.map((d) => {
    if (!d.ok) throw new Error(`unexpected ${d.reason}: ${d.detail}`);
    return plain(d.frame);
  });

describe('encodeFrame', () => {
  test('a frame other than msg is one JSON line ending in a newline', () => {
    const text = encodeFrame({ t: 'end', sent: 3 }).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(JSON.parse(text)).toEqual({ t: 'end', sent: 3 });
  });

  test('a msg is binary: it starts with a byte no UTF-8 text starts with', () => {
    expect(encodeFrame(msg(3))[0]).toBe(0xf5);
  });

  test('round-trips through the decoder', () => {
    const frames: Frame[] = [
      { t: 'challenge', nonce: nonce },
      { t: 'hello', run: 'run-1', from: 2, to: 0, nonce, proof },
      { t: 'welcome', proof },
      { t: 'ready', startAt: 123.5 },
      msg(1),
      msg(2, { vc: [3, 0, 1] }),
      { t: 'stop', at: 99 },
      { t: 'end', sent: 2 },
    ];
    for (const frame of frames) {
      expect(okFrames(new FrameDecoder().push(bytes(encodeFrame(frame))))).toEqual([frame]);
    }
  });
});

describe('FrameDecoder', () => {
  test('a frame split across several chunks comes out once, when complete', () => {
    const decoder = new FrameDecoder();
    const text = encodeFrame({ t: 'end', sent: 7 });
    expect(decoder.push(text.subarray(0, 5))).toEqual([]);
    expect(decoder.push(text.subarray(5, 8))).toEqual([]);
    expect(decoder.push(text.subarray(8, -1))).toEqual([]);
    expect(decoder.push(bytes('\n'))).toEqual([{ ok: true, frame: { t: 'end', sent: 7 } }]);
  });

  test('a binary msg split anywhere, its header too, comes out once, when complete', () => {
    const frame = msg(7, { vc: [4, 0, 9] });
    const encoded = encodeFrame(frame);
    for (let cut = 1; cut < encoded.length; cut++) {
      const decoder = new FrameDecoder();
      expect(decoder.push(encoded.subarray(0, cut))).toEqual([]);
      expect(okFrames(decoder.push(encoded.subarray(cut)))).toEqual([frame]);
    }
  });

  test('byte by byte, with a multi-byte UTF-8 character split between chunks', () => {
    const frame: Frame = { t: 'hello', run: 'ré-€-😀', from: 0, to: 1, nonce, proof };
    const encoded = bytes(encodeFrame(frame));
    expect(encoded.length).toBeGreaterThan(JSON.stringify(frame).length + 1); // multi-byte chars are present
    const decoder = new FrameDecoder();
    const out: DecodedFrame[] = [];
    for (let i = 0; i < encoded.length; i++) {
      const got = decoder.push(encoded.subarray(i, i + 1));
      if (i < encoded.length - 1) expect(got).toEqual([]);
      out.push(...got);
    }
    expect(out).toEqual([{ ok: true, frame }]);
  });

  test('a 4-byte character cut after each of its bytes', () => {
    const frame: Frame = { t: 'hello', run: 'a😀b', from: 0, to: 1, nonce, proof };
    const encoded = bytes(encodeFrame(frame));
    const at = encoded.indexOf(0xf0);
    for (let cut = at + 1; cut < at + 4; cut++) {
      const decoder = new FrameDecoder();
      const out = pushAll(decoder, [encoded.subarray(0, cut), encoded.subarray(cut)]);
      expect(out).toEqual([{ ok: true, frame }]);
    }
  });

  test('several frames in one chunk, in order', () => {
    const frames = [msg(1), msg(2), { t: 'end', sent: 2 } as Frame];
    const decoder = new FrameDecoder();
    expect(okFrames(decoder.push(cat(...frames.map(encodeFrame))))).toEqual(frames);
  });

  test('several frames plus the start of the next one', () => {
    const decoder = new FrameDecoder();
    const text = cat(encodeFrame(msg(1)), encodeFrame(msg(2)), encodeFrame(msg(3)));
    const cut = text.length - 10;
    expect(okFrames(decoder.push(text.subarray(0, cut)))).toEqual([msg(1), msg(2)]);
    expect(okFrames(decoder.push(text.subarray(cut)))).toEqual([msg(3)]);
  });

  test('blank lines are skipped', () => {
    const decoder = new FrameDecoder();
    expect(okFrames(decoder.push(cat('\n  \n', encodeFrame(msg(1)), '\n')))).toEqual([msg(1)]);
  });

  test('garbage is reported as not-json, and decoding continues after it', () => {
    const decoder = new FrameDecoder();
    const out = decoder.push(cat('this is not json\n', encodeFrame(msg(1)), '{"t":"msg",\n', encodeFrame(msg(2))));
    expect(out).toEqual([
      { ok: false, reason: 'not-json', detail: 'this is not json' },
      { ok: true, frame: msg(1) },
      { ok: false, reason: 'not-json', detail: '{"t":"msg",' },
      { ok: true, frame: msg(2) },
    ]);
  });

  test('a JSON value that is not an object is malformed', () => {
    const decoder = new FrameDecoder();
    const out = decoder.push(cat('42\n[1,2]\n"msg"\nnull\n', encodeFrame(msg(1))));
    expect(out.slice(0, 4)).toEqual(
      Array.from({ length: 4 }, () => ({ ok: false, reason: 'malformed', detail: 'not a JSON object' })),
    );
    expect(out[4]).toEqual({ ok: true, frame: msg(1) });
    expect(out).toHaveLength(5);
  });

  test('an unknown type is reported as unknown-type', () => {
    const decoder = new FrameDecoder();
    const out = decoder.push(cat('{"t":"gossip","x":1}\n', encodeFrame(msg(1))));
    expect(out[0]).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(out[1]).toEqual({ ok: true, frame: msg(1) });
    expect(out).toHaveLength(2);
  });

  test('a msg in JSON is no frame: messages travel in binary only', () => {
    const decoder = new FrameDecoder();
    const out = decoder.push(cat('{"t":"msg","id":"1-1","from":1,"clock":1,"sentAt":0}\n', encodeFrame(msg(2))));
    expect(out[0]).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(out[1]).toEqual({ ok: true, frame: msg(2) });
    expect(out).toHaveLength(2);
  });

  test('a binary msg with a fractional clock is malformed, and the next frame still decodes', () => {
    const bad = encodeFrame(msg(1));
    bad.writeDoubleLE(1.5, 16);
    const out = new FrameDecoder().push(cat(bad, encodeFrame(msg(2))));
    expect(out).toEqual([
      { ok: false, reason: 'malformed', detail: 'msg needs id, from, clock and sentAt' },
      { ok: true, frame: msg(2) },
    ]);
  });

  test('a binary header that cannot be one is reported once, and nothing after it is read', () => {
    const bad = encodeFrame(msg(1));
    bad[1] = 3; // no such entry width
    const decoder = new FrameDecoder();
    expect(decoder.push(cat(bad, encodeFrame(msg(2))))).toEqual([
      { ok: false, reason: 'malformed', detail: 'msg vector entries of 3 bytes' },
    ]);
    expect(decoder.push(encodeFrame(msg(3)))).toEqual([]);
  });

  test('a binary header announcing more than maxFrameBytes is oversize, before its bytes come', () => {
    const header = encodeFrame(msg(1, { vc: [1] }));
    header.writeUInt16LE(20_000, 2); // 20,000 entries of 4 bytes
    expect(new FrameDecoder().push(header.subarray(0, 32))).toEqual([
      { ok: false, reason: 'oversize', detail: `${32 + 80_000} bytes` },
    ]);
  });

  test('a complete line over maxFrameBytes is oversize, and the next frame still decodes', () => {
    const decoder = new FrameDecoder();
    const big = `{"t":"challenge","nonce":"${'x'.repeat(maxFrameBytes)}"}`;
    expect(big.length).toBeGreaterThan(maxFrameBytes);
    const out = decoder.push(cat(`${big}\n`, encodeFrame(msg(1))));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ ok: false, reason: 'oversize' });
    expect(out[1]).toEqual({ ok: true, frame: msg(1) });
  });

  test('a line of exactly maxFrameBytes is not oversize', () => {
    const decoder = new FrameDecoder();
    const head = `{"t":"welcome","proof":"${proof}","pad":"`;
    const line = `${head}${'x'.repeat(maxFrameBytes - head.length - 2)}"}`;
    expect(line.length).toBe(maxFrameBytes);
    expect(decoder.push(bytes(`${line}\n`))).toEqual([{ ok: true, frame: { t: 'welcome', proof } }]);
  });

  test('an endless line is reported once it passes the limit, and is not buffered', () => {
    const decoder = new FrameDecoder();
    const chunk = bytes('y'.repeat(16 * 1024));
    const out: DecodedFrame[] = [];
    let pushes = 0;
    while (out.length === 0 && pushes < 100) {
      out.push(...decoder.push(chunk));
      pushes += 1;
    }
    expect(out).toEqual([{ ok: false, reason: 'oversize', detail: `over ${maxFrameBytes} bytes without a newline` }]);
    // 4 chunks make exactly 64 KiB, which is still allowed; the fifth passes the limit.
    expect(pushes).toBe(5);
    // The buffer was dropped: the next few chunks alone stay under the limit and report nothing.
    for (let i = 0; i < 4; i++) expect(decoder.push(chunk)).toEqual([]);
  });

  test('after an endless line ends, later frames decode and the dropped part never yields a frame', () => {
    const decoder = new FrameDecoder();
    const out = pushAll(decoder, [
      bytes('z'.repeat(maxFrameBytes + 10)),
      bytes('zzz-tail\n'),
      cat(encodeFrame(msg(1)), encodeFrame(msg(2))),
    ]);
    expect(out[0]).toMatchObject({ ok: false, reason: 'oversize' });
    const good = out.filter((d) => d.ok);
    expect(good).toEqual([
      { ok: true, frame: msg(1) },
      { ok: true, frame: msg(2) },
    ]);
    expect(out.slice(-2)).toEqual(good);
  });

  test('a frame trickled one byte per read costs linear work, not a re-scan per byte', () => {
    const frame: Frame = { t: 'hello', run: 'r'.repeat(200), from: 0, to: 1, nonce, proof };
    const line = encodeFrame(frame);
    const padded = cat(' '.repeat(maxFrameBytes - line.length), line); // a line of the full 64 KiB
    const decoder = new FrameDecoder();
    const out: DecodedFrame[] = [];
    for (let i = 0; i < padded.length; i++) out.push(...decoder.push(padded.subarray(i, i + 1)));
    expect(out).toEqual([{ ok: true, frame }]);
    // Each byte searched once and copied a few times (growing by doubling): well under 5 touches a byte, where the
    // re-scan of the buffer per byte took about 32,000.
    expect(decoder.bytesTouched).toBeLessThan(5 * padded.length);
  });

  test('an endless line trickled byte by byte is refused once, at linear cost', () => {
    const decoder = new FrameDecoder();
    const out: DecodedFrame[] = [];
    const byte = bytes('y');
    const total = 3 * maxFrameBytes;
    for (let i = 0; i < total; i++) out.push(...decoder.push(byte));
    expect(out).toEqual([{ ok: false, reason: 'oversize', detail: `over ${maxFrameBytes} bytes without a newline` }]);
    expect(decoder.bytesTouched).toBeLessThan(5 * total);
  });

  test('property: any frames, encoded, concatenated and cut anywhere, decode to the same list', () => {
    const small = fc.integer({ min: -1000, max: 1_000_000 });
    const nat = fc.nat({ max: 1_000_000 });
    const str = fc.string({ maxLength: 40, unit: 'binary' });
    const hex = (length: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
    const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
    const frame: fc.Arbitrary<Frame> = fc.oneof(
      fc.record({ t: fc.constant('challenge' as const), nonce: hex(32) }),
      fc.record({ t: fc.constant('hello' as const), run: str, from: small, to: small, nonce: hex(32), proof: hex(64) }),
      fc.record({ t: fc.constant('welcome' as const), proof: hex(64) }),
      fc.record({ t: fc.constant('ready' as const), startAt: num }),
      fc
        .record(
          {
            from: nat,
            n: nat,
            clock: nat,
            sentAt: num,
            // Past 2^32 or negative, a vector goes as float64 entries.
            vc: fc.array(fc.oneof(nat, fc.integer({ min: -1000, max: 2 ** 40 })), { maxLength: 5 }),
          },
          { requiredKeys: ['from', 'n', 'clock', 'sentAt'] },
        )
        .map(({ n, ...rest }): Frame => ({ t: 'msg', id: `${rest.from}-${n}`, ...rest })),
      fc.record({ t: fc.constant('stop' as const), at: num }),
      fc.record({ t: fc.constant('end' as const), sent: nat }),
    );
    const scenario = fc.array(frame, { maxLength: 20 }).chain((frames) => {
      const total = cat(...frames.map(encodeFrame)).length;
      return fc.tuple(fc.constant(frames), fc.uniqueArray(fc.integer({ min: 0, max: total }), { maxLength: 30 }));
    });
    fc.assert(
      fc.property(scenario, ([frames, cuts]) => {
        const all = cat(...frames.map(encodeFrame));
        const points = [0, ...[...cuts].sort((a, b) => a - b), all.length];
        const chunks = points.slice(1).map((end, i) => all.subarray(points[i], end));
        const decoded = okFrames(pushAll(new FrameDecoder(), chunks));
        // JSON drops -0's sign; compare through JSON so -0 and 0 count as the same number.
        expect(JSON.parse(JSON.stringify(decoded))).toEqual(JSON.parse(JSON.stringify(frames)));
      }),
      { numRuns: 500 },
    );
  });
});
