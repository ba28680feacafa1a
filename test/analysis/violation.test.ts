import { describe, expect, test } from '@jest/globals';
import { ruleText, type Violation, ViolationLog } from '../../analysis/violation.js';

const violation = (rule: Violation['rule'], vm: number, line: number | null): Violation => ({
  rule,
  vm,
  tick: line === null ? null : line - 2,
  line,
  found: 'x',
  expected: 'y',
});

describe('ViolationLog', () => {
  test('keeps the first N of each rule and counts them all', () => {
    const log = new ViolationLog(2);
    for (let line = 2; line < 7; line++) log.add(violation('jump-column', 0, line));
    log.add(violation('tick-count', 1, null));
    expect(log.count).toBe(6);
    expect(log.countsByRule()).toEqual({ 'jump-column': 5, 'tick-count': 1 });
    expect(log.list().map((v) => [v.rule, v.line])).toEqual([
      ['jump-column', 2],
      ['jump-column', 3],
      ['tick-count', null],
    ]);
  });

  test("a finding's texts are made printable, whatever the rule quoted from a file", () => {
    const log = new ViolationLog();
    log.add({ ...violation('unknown-message', 1, null), found: '\u001b[2J0-9>1\u202e in the pendingAtStop' });
    expect(log.list()[0]?.found).toBe('\\x1b[2J0-9>1\\u202e in the pendingAtStop');
  });

  test('lists by VM, then line, findings without a row last', () => {
    const log = new ViolationLog();
    log.add(violation('unknown-message', 1, null));
    log.add(violation('fifo-link', 1, 9));
    log.add(violation('local-clock', 0, 30));
    expect(log.list().map((v) => [v.vm, v.line])).toEqual([
      [0, 30],
      [1, 9],
      [1, null],
    ]);
  });

  test('every rule has a sentence', () => {
    for (const text of Object.values(ruleText)) expect(text.length).toBeGreaterThan(10);
  });
});
