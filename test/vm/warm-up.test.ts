import { describe, expect, test } from '@jest/globals';
import type { TickTimer } from '../../vm/tick-scheduler.js';
import { rehearsalRate, rehearsalTicks, warmUp, warmUpRounds } from '../../vm/warm-up.js';
import { FakeTimer } from '../fake-timer.js';

/** The shared fake clock, with the tick loop's two sub-millisecond waits counted. */
const fakeTickTimer = () => {
  const fake = new FakeTimer(1000, { minDelayMs: 0.1 });
  const waits = { sleep: 0, precise: 0, blocked: [] as number[] };
  const timer: TickTimer = {
    now: () => fake.now(),
    setTimer: (fn, ms) => {
      waits.sleep += 1;
      return fake.setTimer(fn, ms);
    },
    setImmediate: (fn) => fake.setImmediate(fn),
    waitPrecise: (fn, ms) => {
      waits.precise += 1;
      fake.setTimer(fn, ms);
    },
    block: (ms) => {
      waits.blocked.push(ms);
    },
  };
  return { fake, timer, waits };
};

const vm = (clockRate: number) => ({ id: 2, machines: 4, eventRange: 10, clockRate });

describe('warmUp', () => {
  test('runs the tick work in a loop, then under the real tick loop, on throwaway state', async () => {
    const { fake, timer, waits } = fakeTickTimer();
    const running = warmUp(vm(100), timer);
    fake.run();
    const { ticks, frames } = await running;
    expect(ticks).toBe(warmUpRounds(100) + rehearsalTicks);
    // Copies of its sends came back through the frame decoder into the throwaway machine.
    expect(frames).toBeGreaterThan(0);
    // A 100/s VM sleeps in whole milliseconds: so does its rehearsal, at a 6 ms period.
    expect(waits.sleep).toBeGreaterThanOrEqual(rehearsalTicks - 1);
    expect(fake.now()).toBeGreaterThanOrEqual(1000 + ((rehearsalTicks - 1) * 1000) / rehearsalRate(100));
    expect(waits.blocked).toEqual([0.01]);
  });

  test('a VM whose period takes the precise waits rehearses them at its own rate', async () => {
    const { fake, timer, waits } = fakeTickTimer();
    const running = warmUp(vm(1000), timer);
    fake.run();
    await running;
    expect(waits.precise).toBeGreaterThanOrEqual(rehearsalTicks - 1);
  });

  test('the rehearsal is quick at any rate', () => {
    expect(rehearsalRate(1)).toBeCloseTo(1000 / 6);
    expect(rehearsalRate(100)).toBeCloseTo(1000 / 6);
    expect(rehearsalRate(200)).toBe(200);
    expect(rehearsalRate(5000)).toBe(5000);
  });

  test('a VM fast enough to keep the optimising compiler warms up for longer', () => {
    expect(warmUpRounds(100)).toBe(64);
    expect(warmUpRounds(1000)).toBeGreaterThan(1000);
  });
});
