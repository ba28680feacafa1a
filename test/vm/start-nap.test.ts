import { describe, expect, test } from '@jest/globals';
import { startNapMs, startNaps } from '../../vm/start-nap.js';
import { FakeTimer } from '../fake-timer.js';

describe('startNaps', () => {
  test('naps from ready until within one nap of the start, never past it', async () => {
    const timer = new FakeTimer(0);
    const naps = startNaps(timer);
    // The start instant arrives later, as the launcher's start message does.
    timer.advanceTo(50);
    expect(timer.timersSet).toBe(Math.floor(50 / startNapMs) + 1);
    let resolvedAt: number | undefined;
    const started = naps.until(250).then(() => {
      resolvedAt = timer.now();
    });
    timer.run();
    await started;
    expect(timer.timersSet).toBe(Math.ceil((250 - startNapMs) / startNapMs));
    expect(resolvedAt).toBeGreaterThanOrEqual(250 - startNapMs);
    expect(resolvedAt).toBeLessThanOrEqual(250);
    expect(timer.pending).toBe(0);
  });

  test('a start already passed (a restarted VM) or within one nap resolves at once, its naps over', async () => {
    for (const at of [100, 500 + startNapMs]) {
      const timer = new FakeTimer(500);
      await startNaps(timer).until(at);
      expect(timer.pending).toBe(0);
    }
  });

  test('a VM that will not start stops napping', () => {
    const timer = new FakeTimer(0);
    startNaps(timer).stop();
    expect(timer.pending).toBe(0);
  });

  test('a stop (a VM asked to stop in the lead) resolves a pending wait at once', async () => {
    const timer = new FakeTimer(0);
    const naps = startNaps(timer);
    let resolved = false;
    const waiting = naps.until(10_000).then(() => {
      resolved = true;
    });
    timer.advanceTo(20);
    naps.stop();
    await waiting;
    expect(resolved).toBe(true);
    expect(timer.now()).toBe(20);
    expect(timer.pending).toBe(0);
  });
});
