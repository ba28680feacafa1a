import { describe, expect, test } from '@jest/globals';
import { type DownSpan, DownTimeTally, dueAfterRestarts, restartLosses } from '../../analysis/restart-downtime.js';

/** Rows of ticks `from`..`to` (inclusive), each stamped `lateMs` after its deadline at `rate`/s. */
function rows(rate: number, from: number, to: number, lateMs = 1): [number, number][] {
  return Array.from({ length: to - from + 1 }, (_, i) => [from + i, ((from + i) * 1000) / rate + lateMs]);
}

function seenOf(rate: number, downs: DownSpan[], ticks: [number, number][]) {
  const tally = new DownTimeTally(rate, downs);
  for (const [i, [tick, elapsedMs]] of ticks.entries()) tally.add(tick, elapsedMs, { line: i + 2, elapsedMs });
  return tally.seen;
}

const ok = { durationSeconds: 30, status: 'ok' as const };
const ranToEnd = { stopMs: 30_000, ranToStop: true, lastElapsedMs: 29_981 };

describe('ticks lost while a restart`s kill held a VM down', () => {
  test('50/s, killed at 9.001 s, back at 11.312 s: ticks 451..565 never ran and were lost, not due', () => {
    // Tick 450 (due 9.000 s) ran just before the kill; the new life's first deadline after 11.312 s is tick 566.
    const downs = [{ killMs: 9001, rejoinMs: 11_312 }];
    const seen = seenOf(50, downs, [...rows(50, 0, 450), ...rows(50, 566, 1499)]);
    // The new life's first row: line 453 (after the header and ticks 0..450), stamped 11.321 s.
    const firstRow = { line: 453, elapsedMs: 11_321 };
    expect(seen).toEqual([{ killMs: 9001, rejoinMs: 11_312, ranAfterFrom: 1, firstTick: 566, firstRow }]);
    expect(restartLosses(50, seen, 1500)).toEqual([{ killMs: 9001, rejoinMs: 11_312, lost: 115 }]);
    const { due } = dueAfterRestarts(50, ok, ranToEnd, seen);
    expect(due).toBe(1500 - 115);
    // Every tick that ran was due: on time is logged / due, 100%.
    expect(due).toBe(451 + 934);
  });

  test('the tick due within the period before the kill that never ran was lost too (it could have run on time)', () => {
    // Killed at 9.010 s, tick 450 (due 9.000 s) not run yet: from tick 450 on.
    const seen = seenOf(50, [{ killMs: 9010, rejoinMs: 11_312 }], [...rows(50, 0, 449), ...rows(50, 566, 1499)]);
    expect(restartLosses(50, seen, 1500)).toEqual([{ killMs: 9010, rejoinMs: 11_312, lost: 116 }]);
  });

  test('ticks due over a period before the kill that never ran were late (it had stalled): still due', () => {
    // Stalled after tick 400 (due 8 s), killed at 9.001 s: ticks 401..449 are late, 450..565 lost.
    const seen = seenOf(50, [{ killMs: 9001, rejoinMs: 11_312 }], [...rows(50, 0, 400), ...rows(50, 566, 1499)]);
    expect(restartLosses(50, seen, 1500)[0]?.lost).toBe(116);
    expect(dueAfterRestarts(50, ok, ranToEnd, seen).due).toBe(1500 - 116);
  });

  test('the new life`s ticks that ran late after it rejoined stay due (and late)', () => {
    // Back at 11.312 s; its first tick 566 ran 300 ms late (a slow first tick): still the new life's first row.
    const late = rows(50, 566, 580, 300);
    const seen = seenOf(
      50,
      [{ killMs: 9001, rejoinMs: 11_312 }],
      [...rows(50, 0, 450), ...late, ...rows(50, 581, 1499)],
    );
    expect(restartLosses(50, seen, 1500)[0]?.lost).toBe(115);
  });

  test('each of several restarts counts its own down time', () => {
    const downs = [
      { killMs: 2001, rejoinMs: 3000.5 },
      { killMs: 5001, rejoinMs: 5600.5 },
    ];
    // 10/s: ran 0..20, back at tick 31 (3.1 s) to 50, back at 57 (5.7 s) to 99.
    const ticks = [...rows(10, 0, 20), ...rows(10, 31, 50), ...rows(10, 57, 99)];
    const seen = seenOf(10, downs, ticks);
    expect(seen.map((s) => [s.ranAfterFrom, s.firstTick])).toEqual([
      [1, 31],
      [1, 57],
    ]);
    expect(restartLosses(10, seen, 100).map((loss) => loss.lost)).toEqual([10, 6]);
  });

  test('a new life with no row: lost up to the first deadline after the rejoin; never past the ticks due', () => {
    const seen = seenOf(10, [{ killMs: 2001, rejoinMs: 3050 }], rows(10, 0, 20));
    expect(seen[0]?.firstTick).toBeNull();
    expect(restartLosses(10, seen, 100)[0]?.lost).toBe(10);
    // Ticks due only up to 2.5 s (a stop's loss is the stop's): 21..24.
    expect(restartLosses(10, seen, 25)[0]?.lost).toBe(4);
  });

  test('a restart back before the next deadline skipped no tick: nothing lost', () => {
    // 1/s, killed 0.25 s after tick 1, back 0.1 s later: tick 2 is the new life's.
    const seen = seenOf(1, [{ killMs: 1250, rejoinMs: 1350 }], rows(1, 0, 2));
    expect(restartLosses(1, seen, 3)).toEqual([{ killMs: 1250, rejoinMs: 1350, lost: 0 }]);
  });

  test('no restart recorded (an older manifest): the due vmTicksDue says', () => {
    expect(dueAfterRestarts(50, ok, ranToEnd, [])).toEqual({ due: 1500, restarts: [] });
  });
});
