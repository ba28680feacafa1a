import { describe, expect, test } from '@jest/globals';
import { stopCutsATick } from '../../launcher/stop-cuts-ticks.js';
import { runTickLoop, type TickTimer } from '../../vm/tick-scheduler.js';
import { FakeTimer } from '../fake-timer.js';

const start = 1_700_000_000_000;
const window = { startEpochMs: start, stopEpochMs: start + 4000 };

describe('stopCutsATick', () => {
  test('at 0.5/s (ticks at 0 and 2 s of a 4 s run): a stop after the last tick cuts none, one at it or before does', () => {
    expect(stopCutsATick(window, 0.5, start + 2100)).toBe(false);
    expect(stopCutsATick(window, 0.5, start + 2000.002)).toBe(false);
    expect(stopCutsATick(window, 0.5, start + 2000)).toBe(true);
    expect(stopCutsATick(window, 0.5, start + 1999)).toBe(true);
    // In the start's lead, tick 0 itself is cut.
    expect(stopCutsATick(window, 0.5, start - 10)).toBe(true);
    expect(stopCutsATick(window, 0.5, start + 5000)).toBe(false);
  });

  test('a deadline within a microsecond of the stop counts as at the stop, as in the VMs (3 s at 10/s is 30 x 100 ms)', () => {
    const w = { startEpochMs: 0, stopEpochMs: 3000.5 };
    // 30 * 1000 / 10 is exactly 3000; a stop at 3000.0005 leaves that tick inside the tolerance: it does not run.
    expect(stopCutsATick(w, 10, 3000.0005)).toBe(true);
    expect(stopCutsATick(w, 10, 3000.002)).toBe(false);
  });

  test('agrees with the tick loop: the ticks a stop leaves are the ones the loop runs, at rates that are not whole', async () => {
    for (const rate of [0.5, 3, 7, 33.3, 101]) {
      const full = { startEpochMs: 0, stopEpochMs: 1000 };
      const ticksTo = (stopAt: number) => {
        const timer = new FakeTimer(0);
        const tickTimer: TickTimer = {
          now: () => timer.now(),
          setTimer: (fn, ms) => timer.setTimer(fn, ms),
          setImmediate: (fn) => timer.setImmediate(fn),
          waitPrecise: (fn, ms) => void timer.setTimer(fn, ms),
          block: (ms) => {
            timer.time += ms;
          },
        };
        const run = runTickLoop({
          timer: tickTimer,
          rate,
          startAt: 0,
          stopAt,
          onTick: () => {},
        });
        timer.advanceTo(2000);
        return run.ended;
      };
      const all = await ticksTo(full.stopEpochMs);
      for (let at = 0; at < 1000; at += 7.25) {
        const cut = (await ticksTo(at)) < all;
        expect({ rate, at, cut: stopCutsATick(full, rate, at) }).toEqual({ rate, at, cut });
      }
    }
  });
});
