import { afterAll, describe, expect, test } from '@jest/globals';
import { PreciseWaker } from '../../vm/precise-waker.js';
import { realTimer, realTimerFor } from '../../vm/real-timer.js';

const waker = new PreciseWaker();
afterAll(() => waker.close());

describe('PreciseWaker', () => {
  test('wakes after the wait, never before it, again and again', async () => {
    for (const ms of [0.3, 0.8, 2, 0]) {
      const from = performance.now();
      await waker.wait(ms);
      expect(performance.now() - from).toBeGreaterThanOrEqual(ms);
    }
  });

  test('the event loop runs while it waits', async () => {
    let ranMeanwhile = false;
    setImmediate(() => {
      ranMeanwhile = true;
    });
    await waker.wait(5);
    expect(ranMeanwhile).toBe(true);
  });
});

describe('realTimerFor', () => {
  test('only rates whose every tick waits precisely (1-5 ms periods) get the helper thread', () => {
    expect(realTimerFor(100)).toBe(realTimer);
    expect(realTimerFor(5000)).toBe(realTimer);
    expect(realTimerFor(1000).waitPrecise).not.toBe(realTimer.waitPrecise);
    expect(realTimerFor(200).waitPrecise).not.toBe(realTimer.waitPrecise);
  });

  test('its precise wait calls back after the wait', async () => {
    const timer = realTimerFor(1000);
    const from = timer.now();
    const at = await new Promise<number>((resolve) => timer.waitPrecise(() => resolve(timer.now()), 1.5));
    expect(at - from).toBeGreaterThanOrEqual(1.5);
  });
});
