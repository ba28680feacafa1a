import { describe, expect, test } from '@jest/globals';
import { RowRules } from '../../analysis/row-rules.js';
import { ViolationLog } from '../../analysis/violation.js';
import type { EventRow } from '../../run-folder/csv-row.js';

const base = { elapsedMs: 0, queueLen: 0 };
const internal = (line: number, tick: number, clock: number, jump: number): EventRow => ({
  ...base,
  line,
  tick,
  clock,
  jump,
  event: 'internal',
});

function judge(rows: EventRow[]) {
  const log = new ViolationLog();
  const rules = new RowRules(0, log);
  for (const row of rows) rules.check(row);
  return log.list().map((v) => [v.rule, v.line]);
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
});
