import { describe, expect, test } from '@jest/globals';
import { startTickLoop, type TickLoop, type TickTimer } from '../../vm/tick-scheduler.js';

/**
 * A fake clock: setTimer schedules at now + ms (optionally `early` ms sooner, as real timers sometimes fire),
 * setImmediate queues; run() drains the immediates, then advances time to the earliest timer, and so on.
 */
class FakeTimer implements TickTimer {
  time: number;
  early = 0;
  timersSet = 0;
  precisesSet = 0;
  blocks = 0;
  immediatesSet = 0;
  /** Every wait and immediate in order, and 'tick' when a tick ran (runLoop adds those). */
  log: string[] = [];
  #seq = 0;
  #timers: { at: number; seq: number; fn: () => void }[] = [];
  #immediates: (() => void)[] = [];

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** Timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.#timers.length;
  }

  setTimer(fn: () => void, ms: number): { cancel(): void } {
    this.timersSet += 1;
    this.log.push('sleep');
    // Early, but never at or before now: on a real machine time always moves on.
    const at = this.time + Math.max(ms - this.early, 0.25);
    const timer = { at, seq: this.#seq++, fn };
    this.#timers.push(timer);
    return {
      cancel: () => {
        const index = this.#timers.indexOf(timer);
        if (index >= 0) this.#timers.splice(index, 1);
      },
    };
  }

  waitPrecise(fn: () => void, ms: number): void {
    this.precisesSet += 1;
    this.log.push('precise');
    // A precise wait is never early (Atomics.waitAsync runs to its timeout).
    this.#timers.push({ at: this.time + ms, seq: this.#seq++, fn });
  }

  block(ms: number): void {
    this.blocks += 1;
    this.log.push('block');
    this.time += ms;
  }

  get waits(): number {
    return this.timersSet + this.precisesSet + this.blocks;
  }

  setImmediate(fn: () => void): void {
    this.log.push('immediate');
    this.immediatesSet += 1;
    this.#immediates.push(fn);
  }

  /** Runs until nothing is scheduled. */
  run(maxSteps = 1_000_000): void {
    for (let steps = 0; steps < maxSteps; steps++) {
      const immediate = this.#immediates.shift();
      if (immediate !== undefined) {
        immediate();
        continue;
      }
      if (this.#timers.length === 0) return;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.#timers.shift();
      if (timer === undefined) return;
      this.time = Math.max(this.time, timer.at);
      timer.fn();
    }
    throw new Error(`fake timer still busy after ${maxSteps} steps`);
  }
}

type TickRecord = { tick: number; deadline: number; at: number };

function runLoop(options: {
  rate: number;
  startAt: number;
  durationMs: number;
  early?: number;
  work?: (tick: number, timer: FakeTimer, loop: () => TickLoop) => void;
  clockStart?: number;
}) {
  const timer = new FakeTimer(options.clockStart ?? 0);
  timer.early = options.early ?? 0;
  const ticks: TickRecord[] = [];
  const ends: number[] = [];
  const endedAt: number[] = [];
  let handle: TickLoop | undefined;
  const getLoop = (): TickLoop => {
    if (handle === undefined) throw new Error('loop not started');
    return handle;
  };
  handle = startTickLoop({
    timer,
    rate: options.rate,
    startAt: options.startAt,
    stopAt: options.startAt + options.durationMs,
    onTick(tick, deadline) {
      timer.log.push('tick');
      ticks.push({ tick, deadline, at: timer.now() });
      options.work?.(tick, timer, getLoop);
    },
    onEnd(count) {
      ends.push(count);
      endedAt.push(timer.now());
    },
  });
  timer.run();
  return { ticks, ends, endedAt, timer };
}

const deadlineOf = (startAt: number, rate: number, k: number) => startAt + (k * 1000) / rate;

describe('startTickLoop without drift', () => {
  test.each([
    [1000, 10_000],
    [3, 10_000],
    [7, 10_000],
  ])('rate %i/s over %i ticks: every tick at or just after start + k * 1000 / rate', (rate, count) => {
    const startAt = 5000;
    const durationMs = (count * 1000) / rate;
    const { ticks, ends, timer } = runLoop({ rate, startAt, durationMs, clockStart: 1234 });
    expect(ticks).toHaveLength(count);
    // With punctual timers each tick waits on exactly one wait (the long wait for the start on two: a sleep to just
    // before it, then a precise one): no polling, no re-arming.
    expect(timer.waits).toBeGreaterThanOrEqual(count);
    expect(timer.waits).toBeLessThanOrEqual(count + 1);
    expect(ends).toEqual([count]);
    let worstLate = 0;
    ticks.forEach((record, k) => {
      expect(record.tick).toBe(k);
      expect(record.deadline).toBeCloseTo(deadlineOf(startAt, rate, k), 6);
      const late = record.at - deadlineOf(startAt, rate, k);
      if (late < 0 || late >= 1) throw new Error(`tick ${k} ran ${late} ms after its deadline`);
      worstLate = Math.max(worstLate, late);
    });
    // The last tick is still on its absolute deadline: nothing accumulated.
    const last = ticks[count - 1];
    expect(last?.at).toBeGreaterThanOrEqual(startAt + ((count - 1) * 1000) / rate);
    expect(last?.at).toBeLessThan(startAt + ((count - 1) * 1000) / rate + 1);
    expect(worstLate).toBeLessThan(1);
  });

  test('a start in the past runs the missed ticks at once, then keeps time', () => {
    const { ticks } = runLoop({ rate: 10, startAt: 0, durationMs: 1000, clockStart: 250 });
    expect(ticks.map((t) => t.at)).toEqual([250, 250, 250, 300, 400, 500, 600, 700, 800, 900]);
  });
});

describe('startTickLoop with timers that fire early', () => {
  test.each([200, 3, 7])('rate %i/s: no tick before its deadline when timers fire 1 ms early', (rate) => {
    const startAt = 100;
    const count = 2000;
    const { ticks, ends, timer } = runLoop({ rate, startAt, durationMs: (count * 1000) / rate, early: 1 });
    expect(ticks).toHaveLength(count);
    expect(ends).toEqual([count]);
    for (const record of ticks) {
      if (record.at < deadlineOf(startAt, rate, record.tick)) {
        throw new Error(`tick ${record.tick} ran at ${record.at}, before ${deadlineOf(startAt, rate, record.tick)}`);
      }
      expect(record.at - record.deadline).toBeLessThan(1);
    }
    // Every early timer was followed by another: the scheduler re-armed rather than tick early.
    const punctual = runLoop({ rate, startAt, durationMs: (count * 1000) / rate });
    expect(timer.waits).toBeGreaterThan(punctual.timer.waits);
  });
});

describe('startTickLoop catching up', () => {
  test('after one 50 ms tick at 1000/s, ticks run back to back until caught up, then return to deadlines', () => {
    const startAt = 0;
    const rate = 1000;
    const durationMs = 1000;
    const { ticks, ends } = runLoop({
      rate,
      startAt,
      durationMs,
      work(tick, timer) {
        if (tick === 100) timer.time += 50;
      },
    });
    expect(ticks).toHaveLength(Math.ceil((durationMs / 1000) * rate));
    expect(ends).toEqual([1000]);
    expect(ticks[100]?.at).toBe(100);
    // Ticks 101..150 were due by 150 ms: they run back to back at 150 ms.
    for (let k = 101; k <= 150; k++) expect(ticks[k]?.at).toBe(150);
    // From 151 on, each tick is back on its own deadline.
    for (let k = 151; k < 1000; k++) expect(ticks[k]?.at).toBe(k);
    for (let k = 0; k < 100; k++) expect(ticks[k]?.at).toBe(k);
  });

  test('at 7/s with a 500 ms stall the missed ticks catch up and the count is ceil(duration * rate)', () => {
    const rate = 7;
    const startAt = 1000;
    const durationMs = 2500; // 17.5 ticks of time -> 18 ticks
    const { ticks, ends } = runLoop({
      rate,
      startAt,
      durationMs,
      work(tick, timer) {
        if (tick === 2) timer.time += 500;
      },
    });
    expect(ticks).toHaveLength(Math.ceil((durationMs / 1000) * rate));
    expect(ends).toEqual([18]);
    const stallEnd = ticks[2] === undefined ? Number.NaN : ticks[2].at + 500;
    const behind = ticks.filter((t) => t.tick > 2 && deadlineOf(startAt, rate, t.tick) <= stallEnd);
    expect(behind.length).toBeGreaterThan(1);
    for (const t of behind) expect(t.at).toBe(stallEnd);
    for (const t of ticks.filter((r) => deadlineOf(startAt, rate, r.tick) > stallEnd)) {
      const late = t.at - deadlineOf(startAt, rate, t.tick);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(1);
    }
  });

  test.each([
    [3, 1100, 4],
    [1000, 10_000.5, 10_001],
    [7, 1000, 7],
  ])('rate %i/s for %i ms runs ceil(duration * rate) = %i ticks', (rate, durationMs, expected) => {
    expect(Math.ceil((durationMs / 1000) * rate)).toBe(expected);
    const { ticks, ends } = runLoop({ rate, startAt: 0, durationMs });
    expect(ticks).toHaveLength(expected);
    expect(ends).toEqual([expected]);
  });
});

describe('startTickLoop stopping', () => {
  test('stopBy moves the stop earlier; onEnd gets the tick count, once', () => {
    const { ticks, ends } = runLoop({
      rate: 10,
      startAt: 0,
      durationMs: 10_000,
      work(tick, _timer, loop) {
        if (tick === 3) loop().stopBy(650); // ticks at 0..600 ms run: 7 ticks
      },
    });
    expect(ticks.map((t) => t.tick)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ends).toEqual([7]);
  });

  test('stopBy never moves the stop later', () => {
    const { ticks, ends } = runLoop({
      rate: 10,
      startAt: 0,
      durationMs: 500,
      work(tick, _timer, loop) {
        if (tick === 1) loop().stopBy(10_000);
      },
    });
    expect(ticks).toHaveLength(5);
    expect(ends).toEqual([5]);
  });

  test('a tick whose deadline equals the stop does not run', () => {
    const { ticks, ends } = runLoop({
      rate: 10,
      startAt: 0,
      durationMs: 10_000,
      work(tick, _timer, loop) {
        if (tick === 0) loop().stopBy(300);
      },
    });
    expect(ticks.map((t) => t.deadline)).toEqual([0, 100, 200]);
    expect(ends).toEqual([3]);
  });

  test('stopBy from outside the loop, while it waits for a timer', () => {
    const timer = new FakeTimer(0);
    const ticks: number[] = [];
    const ends: number[] = [];
    const loop = startTickLoop({
      timer,
      rate: 2,
      startAt: 0,
      stopAt: 60_000,
      onTick: (tick) => ticks.push(tick),
      onEnd: (count) => ends.push(count),
    });
    timer.setTimer(() => loop.stopBy(1200), 1100);
    timer.run();
    expect(ticks).toEqual([0, 1, 2]);
    expect(ends).toEqual([3]);
  });

  test('a stop requested while waiting ends the loop at the stop, not at the next deadline', () => {
    const timer = new FakeTimer(0);
    let endedAt: number | undefined;
    const loop = startTickLoop({
      timer,
      rate: 1,
      startAt: 0,
      stopAt: 60_000,
      onTick: () => {},
      onEnd: () => {
        endedAt = timer.now();
      },
    });
    timer.setTimer(() => loop.stopBy(1200), 1100);
    timer.run();
    expect(endedAt).toBe(1200);
  });

  /** A 100/s loop armed in a 3 s start lead, as a VM arms it (vm-run.ts): when it ended, and timers still set then. */
  const loopInLead = (onTick: () => void = () => {}) => {
    const timer = new FakeTimer(0);
    const end: { at?: number; pending?: number } = {};
    const loop = startTickLoop({
      timer,
      rate: 100,
      startAt: 3000,
      stopAt: 60_000,
      onTick,
      onEnd: () => {
        end.at = timer.now();
        end.pending = timer.pending;
      },
    });
    return { timer, loop, end };
  };

  test('a stop in the start lead ends the loop then, and cancels its sleep to the start', () => {
    // A sleep left armed would hold the VM's process open to the start.
    const { timer, loop, end } = loopInLead(() => {
      throw new Error('no tick runs');
    });
    timer.setTimer(() => loop.stopBy(200), 100);
    timer.run();
    expect(end.at).toBe(200);
    expect(end.pending).toBe(0);
  });

  test('a second, earlier stop moves the end again', () => {
    const { timer, loop, end } = loopInLead();
    timer.setTimer(() => loop.stopBy(1000), 100);
    timer.setTimer(() => loop.stopBy(300), 200);
    timer.run();
    expect(end.at).toBe(300);
    expect(end.pending).toBe(0);
  });

  test('a tick due at the stop, give or take float rounding, does not run', () => {
    // 20 s at speed 3 and 9 ticks/s: tick 60 is due at 6666.666... ms, the stop as computed from epoch time.
    const { ticks } = runLoop({ rate: 9, startAt: 0, durationMs: 20_000 / 3 + 1e-4 });
    expect(ticks).toHaveLength(60);
  });

  test('a stop at or before the start runs no tick and reports 0', () => {
    const { ticks, ends } = runLoop({ rate: 5, startAt: 100, durationMs: 0 });
    expect(ticks).toEqual([]);
    expect(ends).toEqual([0]);
  });
});

describe('startTickLoop: how it waits', () => {
  const kinds = (log: readonly string[]) => new Set(log.filter((entry) => entry !== 'tick' && entry !== 'immediate'));

  test('100/s sleeps in whole milliseconds, one timer per tick, never a precise wait or a block', () => {
    const { ticks, timer } = runLoop({ rate: 100, startAt: 0, durationMs: 1000 });
    expect(ticks).toHaveLength(100);
    expect(kinds(timer.log)).toEqual(new Set(['sleep']));
  });

  test('200/s sleeps to 1.5-2.5 ms before each deadline, then waits the rest precisely, ticking on the deadline', () => {
    const { ticks, timer } = runLoop({ rate: 200, startAt: 0, durationMs: 1000, clockStart: -3 });
    expect(ticks).toHaveLength(200);
    expect(timer.blocks).toBe(0);
    // After tick 0 every tick takes one sleep and one precise wait, in that order.
    const afterFirst = timer.log.slice(timer.log.indexOf('tick') + 1).filter((e) => e !== 'immediate');
    for (let i = 0; i + 2 < afterFirst.length; i += 3) {
      const triple = afterFirst.slice(i, i + 3).join(' ');
      if (triple !== 'sleep precise tick') throw new Error(`waits before tick ${i / 3 + 1}: ${triple}`);
    }
    for (const t of ticks) if (t.at !== t.deadline) throw new Error(`tick ${t.tick} ran ${t.at - t.deadline} ms late`);
  });

  test('1000/s waits precisely (Atomics.waitAsync), never blocks', () => {
    const { ticks, timer } = runLoop({ rate: 1000, startAt: 0, durationMs: 500 });
    expect(ticks).toHaveLength(500);
    expect(kinds(timer.log)).toEqual(new Set(['precise']));
  });

  test('5000/s blocks for the last part, and each tick after a block waits for pending I/O first', () => {
    const { ticks, timer } = runLoop({ rate: 5000, startAt: 0, durationMs: 200 });
    expect(ticks).toHaveLength(1000);
    expect(timer.blocks).toBe(999);
    expect(timer.timersSet + timer.precisesSet).toBe(0);
    timer.log.forEach((entry, i) => {
      if (entry === 'block' && timer.log[i + 1] !== 'immediate') throw new Error(`block at ${i} not followed by I/O`);
    });
    for (const t of ticks) if (t.at !== t.deadline) throw new Error(`tick ${t.tick} ran ${t.at - t.deadline} ms late`);
  });
});
