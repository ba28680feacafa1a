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
