import { describe, expect, test } from '@jest/globals';
import { watchSilence } from '../../vm/silence-watch.js';
import { FakeTimer } from '../fake-timer.js';

const limits = { limitMs: 10_000, heldLimitMs: 900_000 };

function watched() {
  const timer = new FakeTimer(0);
  const silences: number[] = [];
  const watch = watchSilence(timer, limits, (quietMs) => silences.push(quietMs));
  return { timer, watch, silences };
}

describe('watching a channel for silence', () => {
  test('says so once, after the limit with nothing heard, and not before', () => {
    const { timer, silences } = watched();
    timer.advanceTo(9_999);
    expect(silences).toEqual([]);
    timer.advanceTo(10_000);
    expect(silences).toEqual([10_000]);
    timer.run();
    expect(silences).toEqual([10_000]);
    expect(timer.pending).toBe(0);
  });

  test('each byte heard moves the limit on from then', () => {
    const { timer, watch, silences } = watched();
    for (const at of [2_000, 4_000, 6_000]) {
      timer.advanceTo(at);
      watch.heard();
    }
    timer.advanceTo(15_999);
    expect(silences).toEqual([]);
    timer.advanceTo(16_000);
    expect(silences).toEqual([10_000]);
  });

  test('a process woken long past the limit (SIGSTOP, then SIGCONT) counts the lines queued meanwhile as heard', async () => {
    const { timer, watch, silences } = watched();
    await timer.wakeAt(30_000, async () => watch.heard());
    expect(silences).toEqual([]);
    timer.advanceTo(40_000);
    expect(silences).toEqual([10_000]);
  });

  test('a tick that blocked after the timer fired (a stalled disk) is no silence: it is judged as of the firing', async () => {
    const timer = new FakeTimer(0);
    // A tick queued in the same turn, ahead of the judgement, that blocks the thread for 12 s.
    timer.setTimer(() => timer.setImmediate(() => (timer.time += 12_000)), 10_000);
    const silences: number[] = [];
    const watch = watchSilence(timer, limits, (quietMs) => silences.push(quietMs));
    timer.advanceTo(8_000);
    watch.heard();
    await timer.wakeAt(10_000, async () => {});
    expect(silences).toEqual([]);
  });

  test('held, it waits for the next byte up to the longer limit; that byte starts the short limit anew', () => {
    const { timer, watch, silences } = watched();
    timer.advanceTo(5_000);
    watch.hold();
    expect(timer.pending).toBe(1);
    timer.advanceTo(500_000);
    expect(silences).toEqual([]);
    watch.heard();
    timer.advanceTo(509_999);
    expect(silences).toEqual([]);
    timer.advanceTo(510_000);
    expect(silences).toEqual([10_000]);
  });

  test('held, then heard, then held again: each hold lasts until the next byte', () => {
    const { timer, watch, silences } = watched();
    watch.hold();
    timer.advanceTo(50_000);
    watch.heard();
    timer.advanceTo(55_000);
    watch.hold();
    timer.advanceTo(200_000);
    expect(silences).toEqual([]);
    watch.heard();
    timer.run();
    expect(silences).toEqual([10_000]);
  });

  test('held, and never heard again (the network lost during a Ctrl-Z): silent after the longer limit, not never', () => {
    const { timer, watch, silences } = watched();
    timer.advanceTo(5_000);
    watch.hold();
    timer.advanceTo(904_999);
    expect(silences).toEqual([]);
    timer.advanceTo(905_000);
    expect(silences).toEqual([900_000]);
  });

  test('stopped, it never fires and leaves no timer', () => {
    const { timer, watch, silences } = watched();
    timer.advanceTo(5_000);
    watch.stop();
    timer.run();
    expect(silences).toEqual([]);
    expect(timer.pending).toBe(0);
  });
});
