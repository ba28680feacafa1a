import { describe, expect, test } from '@jest/globals';
import { watchStalls } from '../../launcher/launcher-stall.js';
import { FakeTimer } from '../fake-timer.js';

describe('how long the launcher stood still', () => {
  test('a launcher that wakes on time stood still no longer than its period', () => {
    const timer = new FakeTimer(0);
    const watch = watchStalls(timer, 2_000);
    timer.advanceTo(60_000);
    expect(watch.longestMs()).toBe(2_000);
  });

  test('stopped for 42 s (Ctrl-Z, SIGSTOP): its overdue timer, once it runs on, measures the gap', () => {
    const timer = new FakeTimer(0);
    const watch = watchStalls(timer, 2_000);
    timer.advanceTo(10_000);
    timer.time = 52_000; // the process was stopped from 10 s to 52 s: its timer due at 12 s fires now
    timer.advanceTo(60_000);
    expect(watch.longestMs()).toBe(42_000);
  });

  test("asked on resume before its timer fired (the VMs' lines read first): the gap until now counts", () => {
    const timer = new FakeTimer(0);
    const watch = watchStalls(timer, 2_000);
    timer.advanceTo(10_000);
    timer.time = 40_000;
    expect(watch.longestMs()).toBe(30_000);
    timer.advanceTo(41_000);
    expect(watch.longestMs()).toBe(30_000);
  });

  test('stopped, it keeps what it measured, measures no more and leaves no timer', () => {
    const timer = new FakeTimer(0);
    const watch = watchStalls(timer, 2_000);
    timer.advanceTo(4_000);
    watch.stop();
    timer.time = 100_000;
    timer.run();
    expect(watch.longestMs()).toBe(2_000);
    expect(timer.pending).toBe(0);
  });
});

describe('when the launcher stood still, as epoch intervals', () => {
  const epochAt = 1_700_000_000_000;

  /** A monotonic clock (the fake timer) and an epoch clock that runs on with it, plus whatever a sleep adds. */
  function clocks() {
    const timer = new FakeTimer(0);
    const clock = { slept: 0 };
    const epochNow = () => epochAt + timer.time + clock.slept;
    return { timer, clock, watch: watchStalls(timer, 2_000, epochNow) };
  }

  test('a stall counts only for a window it overlaps: one long past says nothing of a silence now', () => {
    const { timer, watch } = clocks();
    timer.advanceTo(10_000);
    timer.time = 52_000; // Ctrl-Z from 10 s to 52 s
    timer.advanceTo(1_260_000);
    expect(watch.longestMs()).toBe(42_000);
    expect(watch.longestMs({ fromEpochMs: epochAt + 45_000, toEpochMs: epochAt + 55_000 })).toBe(42_000);
    expect(watch.longestMs({ fromEpochMs: epochAt + 1_250_000, toEpochMs: epochAt + 1_260_000 })).toBe(0);
  });

  test('a machine asleep: its monotonic clock and timers stood still, the epoch clock did not; the gap is the larger', () => {
    const { timer, clock, watch } = clocks();
    timer.advanceTo(10_000);
    clock.slept = 60_000; // asleep between two wakes: the timer fires on time by the monotonic clock
    timer.advanceTo(14_000);
    expect(watch.longestMs({ fromEpochMs: epochAt + 60_000, toEpochMs: epochAt + 70_000 })).toBe(62_000);
    expect(watch.longestMs({ fromEpochMs: epochAt + 74_000, toEpochMs: epochAt + 84_000 })).toBe(0);
  });

  test('the stall going on as it is asked (the lines read on resume before its timer fired) overlaps the silence', () => {
    const { timer, watch } = clocks();
    timer.advanceTo(10_000);
    timer.time = 40_000;
    expect(watch.longestMs({ fromEpochMs: epochAt + 30_000, toEpochMs: epochAt + 40_000 })).toBe(30_000);
  });

  test('a launcher waking on time has no stall to match', () => {
    const { timer, watch } = clocks();
    timer.advanceTo(60_000);
    expect(watch.longestMs({ fromEpochMs: epochAt, toEpochMs: epochAt + 60_000 })).toBe(0);
  });
});
