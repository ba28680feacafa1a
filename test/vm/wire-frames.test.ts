import { describe, expect, test } from '@jest/globals';
import { checkFrame } from '../../vm/wire-frames.js';

const nonce = '0123456789abcdef0123456789abcdef';
const proof = 'ab'.repeat(32);

const valid = {
  challenge: { t: 'challenge', nonce: nonce },
  hello: { t: 'hello', run: '20261126-003012-a1b2', from: 0, to: 2, nonce: nonce, proof: proof },
  welcome: { t: 'welcome', proof: proof },
  refusedRun: { t: 'refused', cause: 'another-run' },
  refusedSecret: { t: 'refused', cause: 'no-secret' },
  ready: { t: 'ready', startAt: 1764117012345.5 },
  started: { t: 'started', at: 1764117012345 },
  stop: { t: 'stop', at: 1764117099000 },
  end: { t: 'end', sent: 42 },
} as const;

describe('checkFrame accepts every frame type', () => {
  test.each(Object.entries(valid))('%s', (_, frame) => {
    expect(checkFrame(structuredClone(frame))).toEqual({ ok: true, frame });
  });

  test('unknown extra fields are dropped, not passed on', () => {
    expect(checkFrame({ t: 'welcome', proof, extra: 1 })).toEqual({ ok: true, frame: { t: 'welcome', proof } });
    expect(checkFrame({ t: 'end', sent: 3, junk: 'x' })).toEqual({ ok: true, frame: { t: 'end', sent: 3 } });
    expect(checkFrame({ ...valid.stop, extra: true })).toEqual({ ok: true, frame: valid.stop });
  });
});

describe('checkFrame rejects', () => {
  test.each([null, 3, 'msg', true, [1, 2], []])('a non-object %j', (value) => {
    expect(checkFrame(value)).toEqual({ ok: false, reason: 'malformed', detail: 'not a JSON object' });
  });

  // A msg travels in binary only (message-codec.ts): in JSON it is no frame.
  test.each([
    {},
    { t: 'nope' },
    { t: 7 },
    { type: 'msg' },
    { t: 'MSG' },
    { t: 'msg', id: '1-3', from: 1, clock: 17, sentAt: 1 },
  ])('unknown type %j', (value) => {
    const result = checkFrame(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('unknown-type');
    expect(result.detail).toMatch(/^unknown frame type/);
  });

  const without = <T extends object>(frame: T, key: keyof T & string): object =>
    Object.fromEntries(Object.entries(frame).filter(([k]) => k !== key));

  const bad: [string, object][] = [
    ['challenge without nonce', without(valid.challenge, 'nonce')],
    ['challenge with numeric nonce', { ...valid.challenge, nonce: 5 }],
    ['challenge with a nonce over 256 chars', { ...valid.challenge, nonce: 'x'.repeat(257) }],
    ['challenge with a short nonce', { ...valid.challenge, nonce: 'abc123' }],
    ['challenge with a nonce that is not lowercase hex', { ...valid.challenge, nonce: nonce.replace('a', '|') }],
    ['hello without nonce', without(valid.hello, 'nonce')],
    ['hello with a proof that is not 64 hex chars', { ...valid.hello, proof: 'deadbeef' }],
    ['welcome without proof', without(valid.welcome, 'proof')],
    ['welcome with an upper-case proof', { ...valid.welcome, proof: proof.toUpperCase() }],
    ['refused without cause', { t: 'refused' }],
    ['refused with free text for a cause', { t: 'refused', cause: 'no-secret\u001b[2J you lost' }],
    ['refused with a numeric cause', { t: 'refused', cause: 1 }],
    ['hello without run', without(valid.hello, 'run')],
    ['hello without from', without(valid.hello, 'from')],
    ['hello without to', without(valid.hello, 'to')],
    ['hello without proof', without(valid.hello, 'proof')],
    ['hello with string from', { ...valid.hello, from: '0' }],
    ['hello with fractional to', { ...valid.hello, to: 1.5 }],
    ['hello with numeric proof', { ...valid.hello, proof: 1 }],
    ['ready without startAt', without(valid.ready, 'startAt')],
    ['ready with string startAt', { ...valid.ready, startAt: '1' }],
    ['ready with null startAt', { ...valid.ready, startAt: null }],
    ['started without at', without(valid.started, 'at')],
    ['started with string at', { ...valid.started, at: '1764117012345' }],
    ['started with null at', { ...valid.started, at: null }],
    ['started with an at that is no number (NaN became null in JSON)', { t: 'started', at: Number.NaN }],
    ['stop without at', without(valid.stop, 'at')],
    ['stop with string at', { ...valid.stop, at: 'soon' }],
    ['end without sent', without(valid.end, 'sent')],
    ['end with fractional sent', { ...valid.end, sent: 1.5 }],
    ['end with string sent', { ...valid.end, sent: '3' }],
  ];

  test.each(bad)('%s', (_, value) => {
    const result = checkFrame(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('malformed');
    expect(result.detail.length).toBeGreaterThan(0);
  });

  test('the malformed detail names the frame type', () => {
    expect(checkFrame({ t: 'ready' })).toEqual({ ok: false, reason: 'malformed', detail: 'ready without startAt' });
    expect(checkFrame({ t: 'end' })).toEqual({ ok: false, reason: 'malformed', detail: 'end without sent' });
    expect(checkFrame({ t: 'started' })).toEqual({ ok: false, reason: 'malformed', detail: 'started without at' });
  });
});
