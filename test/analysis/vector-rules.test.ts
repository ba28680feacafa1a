import { describe, expect, test } from '@jest/globals';
import { MessageLedger } from '../../analysis/message-ledger.js';
import { VectorRules } from '../../analysis/vector-rules.js';
import { ViolationLog } from '../../analysis/violation.js';
import type { EventRow } from '../../run-folder/event-row.js';
import { readVector } from '../../run-folder/vector-text.js';

const base = { elapsedMs: 0, queueLen: 0, jump: 1 };
let line = 1;
const internal = (tick: number, vectorClock?: string): EventRow => ({
  ...base,
  line: ++line,
  tick,
  clock: tick + 1,
  event: 'internal',
  ...(vectorClock === undefined ? {} : { vectorClock }),
});
const send = (tick: number, msgId: string, to: number[], vectorClock: string): EventRow => ({
  ...base,
  line: ++line,
  tick,
  clock: tick + 1,
  event: 'send',
  to,
  msgId,
  seq: Number(msgId.split('-')[1]),
  msgClock: tick + 1,
  vectorClock,
});
const receive = (tick: number, msgId: string, vectorClock: string): EventRow => ({
  ...base,
  line: ++line,
  tick,
  clock: tick + 1,
  event: 'receive',
  from: Number(msgId.split('-')[0]),
  msgId,
  seq: Number(msgId.split('-')[1]),
  msgClock: 1,
  vectorClock,
});

/** Feeds VM after VM (as checkRun reads files), then audits; returns [rule, vm, line] of every finding. */
function judge(machines: number, rowsByVm: (EventRow | 'malformed')[][]) {
  const log = new ViolationLog();
  const ledger = new MessageLedger(log);
  const rules = new VectorRules(machines, log, ledger);
  const vector = new Uint32Array(machines);
  rowsByVm.forEach((rows, vm) => {
    const handlers = rules.forVm(vm);
    for (const row of rows) {
      if (row === 'malformed') handlers.malformed();
      else {
        ledger.add(vm, row);
        // As parseRow hands it over (read-run.ts): the row's vector read into one array for the whole file.
        readVector(row.vectorClock ?? '{}', vector);
        handlers.check(row, vector);
      }
    }
  });
  rules.audit();
  return log.list().map((v) => [v.rule, v.vm, v.line, v.found]);
}

describe('VectorRules on one VM', () => {
  test('rows without the column (runs before vector clocks) are not judged', () => {
    line = 1;
    expect(judge(2, [[internal(0), internal(1)]])).toEqual([]);
  });

  test('own entry +1 on every event; a bad one is one finding, the next row is judged against it', () => {
    line = 1;
    const rows = [internal(0, '{"0":1}'), internal(1, '{"0":3}'), internal(2, '{"0":4}')];
    expect(judge(2, [rows])).toEqual([['vector-own', 0, 3, 'entry 0 = 3']]);
  });

  test('a send or internal event leaves the other entries alone', () => {
    line = 1;
    const rows = [internal(0, '{"0":1}'), send(1, '0-1', [1], '{"0":2,"1":1}')];
    expect(judge(2, [rows])).toEqual([['vector-local', 0, 3, '{"0":2,"1":1} after {"0":1} on a send']]);
  });

  test('after a malformed row the next vector is not judged against a guess', () => {
    line = 1;
    expect(judge(2, [[internal(0, '{"0":1}'), 'malformed', internal(2, '{"0":3}'), internal(3, '{"0":4}')]])).toEqual(
      [],
    );
  });
});

describe('VectorRules across VMs', () => {
  /** VM 1 sends 1-1 with {"1":2} to VMs 0 and 2; VM 0's file is read before VM 1's, VM 2's after. */
  const run = (vm0Receive: string, vm2Receive: string) => {
    line = 1;
    const vm0 = [internal(0, '{"0":1}'), receive(1, '1-1', vm0Receive)];
    const vm1 = [internal(0, '{"1":1}'), send(1, '1-1', [0, 2], '{"1":2}')];
    const vm2 = [internal(0, '{"2":1}'), receive(1, '1-1', vm2Receive)];
    return judge(3, [vm0, vm1, vm2]).map(([rule, vm, at]) => [rule, vm, at]);
  };

  test('receives that take max(previous, sent) and own + 1 are fine, whichever file is read first', () => {
    expect(run('{"0":2,"1":2}', '{"1":2,"2":2}')).toEqual([]);
  });

  test('a receive read before its send is judged once the send is read', () => {
    expect(run('{"0":2,"1":3}', '{"1":2,"2":2}')).toEqual([['vector-receive', 0, 3]]);
  });

  test("a receive that does not know its send's entries is out of vector order", () => {
    expect(run('{"0":2,"1":2}', '{"1":1,"2":2}')).toEqual([['vector-order', 2, 7]]);
    expect(run('{"0":2}', '{"1":2,"2":2}')).toEqual([['vector-order', 0, 3]]);
  });

  test('a receive of a message never sent is left to the unknown-message rule', () => {
    line = 1;
    const vm0 = [internal(0, '{"0":1}'), receive(1, '1-9', '{"0":2,"1":5}')];
    expect(judge(2, [vm0, [internal(0, '{"1":1}')]])).toEqual([]);
  });
});
