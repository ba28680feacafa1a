import { describe, expect, test } from '@jest/globals';
import { SendNumbering } from '../../analysis/send-numbering.js';
import type { RuleName } from '../../analysis/violation.js';
import type { EventRow } from '../../run-folder/event-row.js';

const send = (seq: number): Extract<EventRow, { event: 'send' }> => ({
  line: seq + 1,
  tick: seq,
  clock: seq,
  jump: 1,
  elapsedMs: 0,
  queueLen: 0,
  event: 'send',
  to: [1],
  msgId: `0-${seq}`,
  seq,
  msgClock: seq,
});

/** The findings a row of sends gets, as [rule, found, expected]. */
function findings(numbering: SendNumbering, seqs: number[]): [RuleName, string, string][] {
  const found: [RuleName, string, string][] = [];
  for (const seq of seqs) numbering.send(send(seq), (rule, what, expected) => found.push([rule, what, expected]));
  return found;
}

describe('SendNumbering', () => {
  test('each send takes the next number; a skip or a repeat is a finding that names the one expected', () => {
    expect(findings(new SendNumbering(0, []), [1, 2, 3])).toEqual([]);
    expect(findings(new SendNumbering(0, []), [1, 3])).toEqual([['msg-id-sequence', 'msg_id 0-3', '0-2']]);
    expect(findings(new SendNumbering(0, []), [1, 1])).toEqual([['msg-id-sequence', 'msg_id 0-1', '0-2']]);
  });

  test('a malformed row before a send leaves room for one number', () => {
    const numbering = new SendNumbering(0, []);
    findings(numbering, [1]);
    numbering.malformed();
    expect(findings(numbering, [4])).toEqual([['msg-id-sequence', 'msg_id 0-4', '0-2..0-3 (after 1 malformed row)']]);
  });

  test('a life numbered past kept rows may skip numbers: they are kept, not a finding', () => {
    const numbering = new SendNumbering(0, [1]);
    findings(numbering, [1, 2]);
    expect(numbering.restarted(1)).toBe(true);
    // No send yet since the restart: every number from the next on may be the kept rows'.
    expect(numbering.skippedNumbers).toEqual([{ from: 3, to: Infinity, life: 1 }]);
    expect(findings(numbering, [9, 10])).toEqual([]);
    expect(numbering.skippedNumbers).toEqual([{ from: 3, to: 8, life: 1 }]);
  });

  test('a restart of a life with no rows kept skips nothing', () => {
    const numbering = new SendNumbering(0, [2]);
    findings(numbering, [1]);
    expect(numbering.restarted(1)).toBe(false);
    expect(findings(numbering, [5])).toEqual([['msg-id-sequence', 'msg_id 0-5', '0-2']]);
    expect(numbering.skippedNumbers).toEqual([]);
  });
});
