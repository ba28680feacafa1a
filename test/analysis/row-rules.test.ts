import { describe, expect, test } from '@jest/globals';
import { RowRules } from '../../analysis/row-rules.js';
import { ViolationLog } from '../../analysis/violation.js';
import type { EventRow, RowParse } from '../../run-folder/event-row.js';
import type { RestartOrder } from '../../run-folder/run-facts.js';

const base = { elapsedMs: 0, queueLen: 0 };
const internal = (line: number, tick: number, clock: number, jump: number): EventRow => ({
  ...base,
  line,
  tick,
  clock,
  jump,
  event: 'internal',
});

/** A row that did not parse, as parseRow reports it: its tick when it reads, null when not. */
const malformed = (line: number, tick: number | null = null): RowParse => ({
  ok: false,
  line,
  tick,
  found: 'event "interal"',
  expected: 'receive, send or internal',
});

function judge(rows: (EventRow | RowParse)[]) {
  return judgeRestarts([], rows).violations;
}

/** The rules on a VM the config restarts this many times, keeping or resetting its clock. */
function judgeRestarts(restarts: RestartOrder, rows: (EventRow | RowParse)[]) {
  const log = new ViolationLog();
  const rules = new RowRules(0, log, restarts);
  for (const row of rows) {
    if ('ok' in row) {
      if (!row.ok) rules.malformed(row);
    } else rules.check(row);
  }
  return { violations: log.list().map((v) => [v.rule, v.line]), notes: rules.notes.map((n) => n.text) };
}

describe('RowRules', () => {
  test('the first row starts from clock 0', () => {
    expect(judge([internal(2, 0, 1, 1)])).toEqual([]);
    expect(judge([internal(2, 0, 2, 2)])).toEqual([['local-clock', 2]]);
  });

  test('one bad clock is one violation: the next row is judged against it', () => {
    expect(judge([internal(2, 0, 1, 1), internal(3, 1, 5, 4), internal(4, 2, 6, 1)])).toEqual([['local-clock', 3]]);
  });

  test('a tick gap is one violation, a repeat another', () => {
    expect(judge([internal(2, 0, 1, 1), internal(3, 2, 2, 1), internal(4, 3, 3, 1)])).toEqual([['tick-sequence', 3]]);
    expect(judge([internal(2, 0, 1, 1), internal(3, 0, 2, 1)])).toEqual([['tick-sequence', 3]]);
  });

  test('one malformed row is one violation, whether it replaced a row or was a line pasted in', () => {
    const before = internal(2, 0, 1, 1);
    // Row 1 mangled: the next good row is tick 2, two clock steps on.
    expect(judge([before, malformed(3), internal(4, 2, 3, 2)])).toEqual([['row-format', 3]]);
    // A line pasted between ticks 0 and 1: the next good row is tick 1.
    expect(judge([before, malformed(3), internal(4, 1, 2, 1)])).toEqual([['row-format', 3]]);
    // Its tick reads, wrong (a hand-edited tick on a row broken otherwise too): not judged, nor the next row by it.
    expect(judge([before, malformed(3, 7), internal(4, 2, 3, 2)])).toEqual([['row-format', 3]]);
    // Two rows mangled: the next good row may be one, two or three ticks on.
    expect(judge([before, malformed(3), malformed(4), internal(5, 3, 4, 3)])).toEqual([
      ['row-format', 3],
      ['row-format', 4],
    ]);
  });

  test('a gap or repeat next to a malformed row is still one', () => {
    const before = internal(2, 0, 1, 1);
    // Ticks 1 and 2 gone, one line mangled where they were: one of them is missing whatever the line held.
    expect(judge([before, malformed(3), internal(4, 3, 4, 3)])).toEqual([
      ['row-format', 3],
      ['tick-sequence', 4],
    ]);
    expect(judge([before, malformed(3), internal(4, 0, 2, 1)])).toEqual([
      ['row-format', 3],
      ['tick-sequence', 4],
    ]);
    // The leeway ends at the next good row: a gap after it is judged as usual.
    expect(judge([before, malformed(3), internal(4, 1, 2, 1), internal(5, 3, 3, 1)])).toEqual([
      ['row-format', 3],
      ['tick-sequence', 5],
    ]);
  });

  test('the finding after malformed rows says which ticks would have done', () => {
    const log = new ViolationLog();
    const rules = new RowRules(0, log);
    rules.check(internal(2, 0, 1, 1));
    rules.malformed({ ok: false, line: 3, tick: null, found: '1 fields', expected: '11' });
    rules.check(internal(4, 5, 2, 1));
    expect(log.list()[1]).toMatchObject({ found: 'tick 5', expected: 'tick 1..2 (after 1 malformed row)' });
  });

  test('after a malformed row the step is not judged; the rise above the last good clock still is', () => {
    const before = internal(2, 0, 1, 1);
    expect(judge([before, malformed(3), internal(4, 2, 5, 9)])).toEqual([['row-format', 3]]);
    expect(judge([before, malformed(3), internal(4, 2, 1, 0)])).toEqual([
      ['row-format', 3],
      ['clock-rising', 4],
    ]);
    // The row after the next good one is judged as usual, against that good row.
    expect(judge([before, malformed(3), internal(4, 2, 5, 9), internal(5, 3, 7, 2)])).toEqual([
      ['row-format', 3],
      ['local-clock', 5],
    ]);
  });

  test('a malformed row whose clock reads is no baseline either: a line pasted in with clock 40 is one finding', () => {
    const log = new ViolationLog();
    const rules = new RowRules(0, log);
    rules.check(internal(2, 0, 1, 1));
    rules.malformed({ ok: false, line: 3, tick: 9, found: '13 fields', expected: '12, as in the header' });
    rules.check(internal(4, 1, 2, 1));
    rules.check(internal(5, 2, 3, 1));
    expect(log.list().map((v) => [v.rule, v.line])).toEqual([['row-format', 3]]);
  });

  test('a malformed row may have been a send: the next msg_id may skip its number', () => {
    const send = (line: number, tick: number, clock: number, seq: number): EventRow => ({
      ...base,
      line,
      tick,
      clock,
      jump: 1,
      event: 'send',
      to: [1],
      msgId: `0-${seq}`,
      seq,
      msgClock: clock,
    });
    const first = send(2, 0, 1, 1);
    expect(judge([first, malformed(3, 1), send(4, 2, 3, 3)])).toEqual([['row-format', 3]]);
    expect(judge([first, malformed(3, 1), send(4, 2, 3, 2)])).toEqual([['row-format', 3]]);
    expect(judge([first, malformed(3, 1), send(4, 2, 3, 4)])).toEqual([
      ['row-format', 3],
      ['msg-id-sequence', 4],
    ]);
  });

  test('a receive takes max(previous, carried) + 1', () => {
    const receive = (clock: number, msgClock: number, jump: number): EventRow => ({
      ...base,
      line: 3,
      tick: 1,
      clock,
      jump,
      event: 'receive',
      from: 1,
      msgId: '1-1',
      seq: 1,
      msgClock,
    });
    expect(judge([internal(2, 0, 1, 1), receive(9, 8, 8)])).toEqual([]);
    expect(judge([internal(2, 0, 1, 1), receive(2, 0, 1)])).toEqual([]);
    expect(judge([internal(2, 0, 1, 1), receive(3, 0, 2)])).toEqual([['receive-clock', 3]]);
  });

  describe('a restarted VM', () => {
    const before = [internal(2, 0, 1, 1), internal(3, 1, 2, 1), internal(4, 2, 3, 1)];
    const reset: RestartOrder = ['reset'];

    test('back before its next deadline with its clock reset: no tick skipped, the reset is a note', () => {
      // A rate of 1/s, back 0.3 s after the kill: tick 3 is the new life's first, its clock 1, a jump from 0.
      const rows = [...before, internal(5, 3, 1, 1), internal(6, 4, 2, 1)];
      expect(judgeRestarts(reset, rows)).toEqual({
        violations: [],
        notes: ['VM 0 restarted at tick 3 (line 5) with its clock reset, before its next tick was due'],
      });
      // A receive first: its clock max(0, 7) + 1 rises past the old one, and its jump still says from 0.
      const receive: EventRow = {
        ...internal(5, 3, 8, 8),
        event: 'receive',
        from: 1,
        msgId: '1-1',
        seq: 1,
        msgClock: 7,
      };
      expect(judgeRestarts(reset, [...before, receive]).violations).toEqual([]);
    });

    test('a reset the config does not allow, or one too many, still breaks the clock rules', () => {
      const rows = [...before, internal(5, 3, 1, 1)];
      const broken = [
        ['jump-column', 5],
        ['clock-rising', 5],
      ];
      expect(judgeRestarts([], rows)).toEqual({ violations: broken, notes: [] });
      expect(judgeRestarts(['kept'], rows)).toEqual({ violations: broken, notes: [] });
      const twice = [...rows, internal(6, 4, 2, 1), internal(7, 5, 1, 1)];
      expect(judgeRestarts(reset, twice).violations).toEqual([
        ['jump-column', 7],
        ['clock-rising', 7],
      ]);
    });

    test('a clock neither kept nor reset is a violation: not from 0 + 1, nor from the last row', () => {
      // Jump 2 from 0 on an internal event: a reset that lost a step.
      expect(judgeRestarts(reset, [...before, internal(5, 3, 2, 2)]).violations).toEqual([['local-clock', 5]]);
      // After a tick gap, a restart meant to reset that kept its clock.
      expect(judgeRestarts(reset, [...before, internal(5, 6, 4, 1)]).violations).toEqual([
        ['jump-column', 5],
        ['local-clock', 5],
      ]);
    });

    test('taken in the order they happen: a reset that came before the first row, then a kept one', () => {
      // Killed in the start lead and back with its clock reset at tick 3 (no row before: nothing to jump from), then
      // killed again and back at tick 7 with its clock kept.
      const rows = [internal(2, 3, 1, 1), internal(3, 4, 2, 1), internal(4, 7, 3, 1)];
      expect(judgeRestarts(['reset', 'kept'], rows).violations).toEqual([]);
      // The same rows where the config says the first kept its clock and the second reset it: the second breaks it.
      expect(judgeRestarts(['kept', 'reset'], rows).violations).toEqual([
        ['jump-column', 4],
        ['local-clock', 4],
      ]);
    });

    test('one VM restarted twice, once keeping its clock and once resetting it, after tick gaps', () => {
      const rows = [...before, internal(5, 5, 4, 1), internal(6, 6, 5, 1), internal(7, 9, 1, 1)];
      expect(judgeRestarts(['kept', 'reset'], rows)).toEqual({
        violations: [],
        notes: [
          'VM 0 restarted at tick 5 (line 5): ticks 3..4 never ran',
          'VM 0 restarted at tick 9 (line 7): ticks 7..8 never ran',
        ],
      });
    });
  });
});
