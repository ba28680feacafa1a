import { describe, expect, test } from '@jest/globals';
import { parseRow } from '../../run-folder/csv-row.js';

const record = (line: string) => line.split(',');
const T = '2026-01-01T00:00:00.000Z';

describe('parseRow', () => {
  test('internal, send and receive rows', () => {
    expect(parseRow(record(`1,0,internal,${T},0.500,1,1,0,,,`), 2, 1, 3)).toEqual({
      ok: true,
      row: { line: 2, tick: 0, elapsedMs: 0.5, clock: 1, jump: 1, queueLen: 0, event: 'internal' },
    });
    expect(parseRow(record(`1,1,send,${T},1.5,2,1,0,0;2,1-1,2`), 3, 1, 3)).toMatchObject({
      ok: true,
      row: { event: 'send', to: [0, 2], msgId: '1-1', seq: 1, msgClock: 2 },
    });
    expect(parseRow(record(`1,2,receive,${T},2.5,9,7,4,2,2-14,8`), 4, 1, 3)).toMatchObject({
      ok: true,
      row: { event: 'receive', from: 2, msgId: '2-14', seq: 14, msgClock: 8, queueLen: 4 },
    });
  });

  test.each([
    ['too few fields', `1,0,internal,${T},0.5,1,1,0,,`, /10 fields/],
    ['another VM in the vm column', `2,0,internal,${T},0.5,1,1,0,,,`, /vm '2'/],
    ['a tick that is not a whole number', `1,x,internal,${T},0.5,1,1,0,,,`, /tick 'x'/],
    ['an empty elapsed_ms', `1,0,internal,${T},,1,1,0,,,`, /elapsed_ms ''/],
    ['a fractional clock', `1,0,internal,${T},0.5,1.5,1,0,,,`, /logical_clock '1.5'/],
    ['a negative queue', `1,0,internal,${T},0.5,1,1,-1,,,`, /queue_len '-1'/],
    ['an internal event with a peer', `1,0,internal,${T},0.5,1,1,0,2,,`, /internal event with peer/],
    ['an unknown event', `1,0,tock,${T},0.5,1,1,0,,,`, /event 'tock'/],
    ['a malformed msg_id', `1,0,receive,${T},0.5,1,1,0,2,2_1,0`, /msg_id '2_1'/],
    ['a message numbered 0', `1,0,receive,${T},0.5,1,1,0,2,2-0,0`, /msg_id '2-0'/],
    ['an empty msg_clock', `1,0,receive,${T},0.5,1,1,0,2,2-1,`, /msg_clock ''/],
    ['a send to itself', `1,0,send,${T},0.5,1,1,0,1,1-1,1`, /peer '1'/],
    ['a send to the same peer twice', `1,0,send,${T},0.5,1,1,0,2;2,1-1,1`, /peer '2;2'/],
    ['a send to a VM that does not exist', `1,0,send,${T},0.5,1,1,0,3,1-1,1`, /peer '3'/],
    ["a send with another VM's id", `1,0,send,${T},0.5,1,1,0,2,2-1,1`, /on a send/],
    ['a receive whose id names another sender', `1,0,receive,${T},0.5,1,1,0,2,0-1,0`, /from VM 2/],
    // Numbers out of their column's range: they would not read back as written, nor export as digits.
    ['a clock past 2^53 - 1', `1,0,internal,${T},0.5,99999999999999999999999,1,0,,,`, /logical_clock '9{23}'/],
    ['a negative clock', `1,0,internal,${T},0.5,-3,1,0,,,`, /logical_clock '-3'/],
    ['a msg_clock past 2^53 - 1', `1,0,receive,${T},0.5,1,1,0,2,2-1,9007199254740993`, /msg_clock '9007/],
    ['a negative msg_clock', `1,0,receive,${T},0.5,1,1,0,2,2-1,-1`, /msg_clock '-1'/],
    ['a tick past 2^53 - 1', `1,1e300,internal,${T},0.5,1,1,0,,,`, /tick '1e300'/],
    ['a message numbered past 2^53 - 1', `1,0,receive,${T},0.5,1,1,0,2,2-1e30,0`, /msg_id '2-1e30'/],
    ['an elapsed_ms of 1e308', `1,0,internal,${T},1e308,1,1,0,,,`, /elapsed_ms '1e308'/],
    ['an infinite elapsed_ms', `1,0,internal,${T},1e999,1,1,0,,,`, /elapsed_ms '1e999'/],
    ['an elapsed_ms past 10^12', `1,0,internal,${T},1000000000000.001,1,1,0,,,`, /elapsed_ms '1000000000000.001'/],
    ['a negative elapsed_ms', `1,0,internal,${T},-0.5,1,1,0,,,`, /elapsed_ms '-0.5'/],
  ])('rejects %s', (_, line, found) => {
    const parsed = parseRow(record(line), 9, 1, 3);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.line).toBe(9);
      expect(parsed.found).toMatch(found);
      expect(parsed.expected).not.toBe('');
    }
  });

  test('the vector_clock column, when the row has it, is kept as text', () => {
    const row = [...record(`1,0,internal,${T},0.500,1,1,0,,,`), '{"1":1}'];
    expect(parseRow(row, 2, 1, 3)).toEqual({
      ok: true,
      row: {
        line: 2,
        tick: 0,
        elapsedMs: 0.5,
        clock: 1,
        jump: 1,
        queueLen: 0,
        event: 'internal',
        vectorClock: '{"1":1}',
      },
    });
    expect(parseRow(row, 2, 1, 3, 12)).toMatchObject({ ok: true, row: { vectorClock: '{"1":1}' } });
  });

  test('the vector it read is handed over in the array given, for readers that need its entries', () => {
    const vector = new Uint32Array(3);
    const row = [...record(`1,2,internal,${T},0.500,3,1,0,,,`), '{"0":4,"1":3}'];
    expect(parseRow(row, 2, 1, 3, 12, vector)).toMatchObject({ ok: true, row: { vectorClock: '{"0":4,"1":3}' } });
    expect([...vector]).toEqual([4, 3, 0]);
    // The next row's vector replaces it whole.
    expect(parseRow([...record(`1,3,internal,${T},0.9,4,1,0,,,`), '{"1":4}'], 3, 1, 3, 12, vector)).toMatchObject({
      ok: true,
    });
    expect([...vector]).toEqual([0, 4, 0]);
  });

  test("with the header's width, a row of the other width is malformed", () => {
    const old = record(`1,0,internal,${T},0.500,1,1,0,,,`);
    expect(parseRow(old, 2, 1, 3, 11)).toMatchObject({ ok: true });
    expect(parseRow(old, 2, 1, 3, 12)).toMatchObject({
      ok: false,
      found: '11 fields',
      expected: '12, as in the header',
    });
    expect(parseRow([...old, '{"1":1}'], 2, 1, 3, 11)).toMatchObject({ ok: false, found: '12 fields' });
    // A blank line is one empty field: `1 field`, not `1 fields`.
    expect(parseRow([''], 2, 1, 3, 12)).toMatchObject({
      ok: false,
      found: '1 field',
      expected: '12, as in the header',
    });
  });

  test('a record of no fields (a line that does not read as CSV) is malformed, saying so', () => {
    for (const fields of [undefined, 11, 12]) {
      expect(parseRow([], 7, 1, 3, fields)).toEqual({
        ok: false,
        line: 7,
        tick: null,
        found: 'a line whose quotes do not read as CSV',
        expected: 'each field quoted whole or not at all, and a quote inside a quoted field doubled',
      });
    }
  });

  test('the edges of the ranges read: clocks up to 2^53 - 1, elapsed_ms from 0 to 10^12', () => {
    const top = 2 ** 53 - 1;
    expect(parseRow(record(`1,0,internal,${T},1000000000000,${top},${top},${top},,,`), 2, 1, 3)).toMatchObject({
      ok: true,
      row: { elapsedMs: 1e12, clock: top, jump: top, queueLen: top },
    });
    expect(parseRow(record(`1,0,receive,${T},0,0,-${top},0,2,2-${top},0`), 2, 1, 3)).toMatchObject({
      ok: true,
      row: { elapsedMs: 0, clock: 0, jump: -top, seq: top, msgClock: 0 },
    });
  });

  test('a finding quotes the field escaped and cut: the file may hold anything', () => {
    const hostile = `\u001b]0;pwned\u0007\u001b[2J${'x'.repeat(100)}`;
    expect(parseRow(record(`1,0,${hostile},${T},0.5,1,1,0,,,`), 2, 1, 3)).toMatchObject({
      ok: false,
      found: `event '\\x1b]0;pwned\\x07\\x1b[2J${'x'.repeat(46)}...(54 more chars)'`,
    });
  });

  test.each([' 1', '\r1', '+1', '0x1', '1e0', '1.0'])(
    'a whole-number column takes digits only, not %j (which + reads as 1)',
    (text) => {
      expect(parseRow(record(`1,${text},internal,${T},0.5,1,1,0,,,`), 2, 1, 3)).toMatchObject({ ok: false });
      expect(parseRow(record(`1,0,receive,${T},0.5,1,1,0,2,2-${text},0`), 2, 1, 3)).toMatchObject({ ok: false });
      expect(parseRow(record(`1,0,receive,${T},0.5,1,1,0,${text.replace('1', '2')},2-1,0`), 2, 1, 3)).toMatchObject({
        ok: false,
      });
    },
  );

  test('a rejected row keeps the tick that reads, for its finding, and no clock to judge the next row by', () => {
    expect(parseRow(record(`1,4,tock,${T},0.5,7,1,0,,,`), 6, 1, 3)).toEqual({
      ok: false,
      line: 6,
      tick: 4,
      found: "event 'tock'",
      expected: 'receive, send or internal',
    });
    expect(parseRow(record(`1,x,tock,${T},0.5,y,1,0,,,`), 6, 1, 3)).toMatchObject({ ok: false, tick: null });
  });

  test.each([
    ['not JSON', '{1:1}'],
    ['an id of no VM of the run', '{"1":1,"3":1}'],
    ['an entry of 0', '{"1":0}'],
  ])('a vector_clock that does not read (%s) makes the row malformed, as the checker calls it', (_, vector) => {
    const row = [...record(`1,0,internal,${T},0.5,1,1,0,,,`), vector];
    expect(parseRow(row, 2, 1, 3, 12)).toMatchObject({
      ok: false,
      tick: 0,
      found: expect.stringMatching(/^vector_clock '/),
      expected: 'compact JSON {"<vm id>":n,...}, ids below 3, each n a whole number >= 1',
    });
  });
});
