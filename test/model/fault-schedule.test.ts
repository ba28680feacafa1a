import { describe, expect, test } from '@jest/globals';
import type { FaultConfig } from '../../config/fault-config.js';
import { scheduleFaults } from '../../model/fault-schedule.js';
import type { FaultEvent } from '../../run-folder/faults-csv.js';
import { FakeTimer } from '../fake-timer.js';

/**
 * A busy machine's clock: it moves 1 ms every time it is read, while timers count from the time the event loop last
 * woke (as libuv's do), so a delay computed from a fresher reading lands earlier.
 */
function busyClock(start: number) {
  const timer = new FakeTimer(start, { readDriftMs: 1 });
  return { timer, runAll: () => timer.run() };
}

const faults: FaultConfig = {
  links: [],
  partitions: [{ groups: [[0], [1, 2]], fromSecond: 1, toSecond: 2 }],
  pauses: [{ vm: 2, atSecond: 2, forSeconds: 1 }],
  kills: [{ vm: 1, atSecond: 3, restartAfterSeconds: 1, clock: 'kept' }],
};

function play(config: FaultConfig, speed = 1) {
  const { timer, runAll } = busyClock(1_000_000);
  const events: FaultEvent[] = [];
  const acted: string[] = [];
  const schedule = scheduleFaults(
    config,
    speed,
    1_000_000,
    {
      pause: (vm) => acted.push(`pause ${vm}`),
      resume: (vm) => acted.push(`resume ${vm}`),
      kill: (vm) => acted.push(`kill ${vm}`),
      restart: (vm, clock) => acted.push(`restart ${vm} ${clock}`),
      record: (event) => events.push(event),
    },
    timer,
  );
  return { events, acted, schedule, runAll };
}

describe('scheduleFaults', () => {
  test('faults due at the same instant act and are logged in the config order, however the clock moves', () => {
    const { events, acted, runAll } = play(faults);
    runAll();
    // partition-end and pause are both due at 2 s, resume and kill at 3 s.
    expect(events.map((e) => e.kind)).toEqual([
      'partition-start',
      'partition-end',
      'pause',
      'resume',
      'kill',
      'restart',
    ]);
    expect(acted).toEqual(['pause 2', 'resume 2', 'kill 1', 'restart 1 kept']);
    for (const [kind, ms] of [
      ['partition-start', 1000],
      ['pause', 2000],
      ['kill', 3000],
      ['restart', 4000],
    ] as const) {
      expect(events.find((e) => e.kind === kind)?.elapsedMs).toBeGreaterThanOrEqual(ms);
    }
  });

  test('at speed 4 every fault comes four times sooner', () => {
    const { events, runAll } = play(faults, 4);
    runAll();
    const restart = events.find((e) => e.kind === 'restart')?.elapsedMs ?? 0;
    expect(restart).toBeGreaterThanOrEqual(1000);
    expect(restart).toBeLessThan(1100);
  });

  test('each fault is recorded with the real instant it was due at, beside the one it acted at', () => {
    const { events, runAll } = play(faults, 4);
    runAll();
    expect(events.map((e) => [e.kind, e.dueMs])).toEqual([
      ['partition-start', 250],
      ['partition-end', 500],
      ['pause', 500],
      ['resume', 750],
      ['kill', 750],
      ['restart', 1000],
    ]);
    for (const event of events) expect(event.elapsedMs).toBeGreaterThanOrEqual(event.dueMs ?? Number.NaN);
  });

  test('cancel: nothing after it acts', () => {
    const { acted, schedule, runAll } = play(faults);
    schedule.cancel();
    runAll();
    expect(acted).toEqual([]);
  });
});
