import { describe, expect, test } from '@jest/globals';
import { TickNumbering } from '../../analysis/tick-numbering.js';
import { ViolationLog } from '../../analysis/violation.js';
import type { EventRow } from '../../run-folder/event-row.js';

const row = (line: number, tick: number, clock: number, jump: number): EventRow => ({
  line,
  tick,
  clock,
  jump,
  elapsedMs: line * 10,
  queueLen: 0,
  event: 'internal',
});

describe('TickNumbering', () => {
  test('a tick gap the config has no restart for is one tick-sequence finding', () => {
    const log = new ViolationLog();
    const ticks = new TickNumbering(0, log, [], false);
    expect(ticks.follow(row(2, 0, 1, 1), 0)).toBe('no-restart');
    expect(ticks.follow(row(3, 3, 2, 1), 1)).toBe('no-restart');
    expect(log.list().map((v) => [v.rule, v.line, v.found, v.expected])).toEqual([
      ['tick-sequence', 3, 'tick 3', 'tick 1'],
    ]);
    expect(ticks.restarts).toEqual({ lastRestart: null, restartsLeft: 0 });
  });

  test('a tick gap takes the next configured restart; rows kept on the host are named as such', () => {
    const log = new ViolationLog();
    const ticks = new TickNumbering(1, log, ['kept'], true);
    ticks.follow(row(2, 0, 1, 1), 0);
    expect(ticks.follow(row(3, 4, 2, 1), 1)).toBe('kept');
    expect(ticks.restartsSeen).toBe(1);
    expect(ticks.notes).toEqual([
      { vm: 1, text: 'VM 1 restarted at tick 4 (line 3): ticks 1..3 are not in its CSV here' },
    ]);
    expect(ticks.restarts).toEqual({ lastRestart: { line: 3, elapsedMs: 30 }, restartsLeft: 0 });
    expect(log.list()).toEqual([]);
  });

  test('no tick skipped: a reset shows by its jump from 0, and only when the next restart resets', () => {
    const reset = new TickNumbering(0, new ViolationLog(), ['reset'], false);
    reset.follow(row(2, 0, 1, 1), 0);
    expect(reset.follow(row(3, 1, 1, 1), 1)).toBe('reset');
    const kept = new TickNumbering(0, new ViolationLog(), ['kept'], false);
    kept.follow(row(2, 0, 1, 1), 0);
    expect(kept.follow(row(3, 1, 1, 1), 1)).toBe('no-restart');
  });
});
