import { describe, expect, test } from '@jest/globals';
import { blockPeriodMs, chooseWait, leadMs, precisePeriodMs } from '../../vm/tick-wait.js';

describe('chooseWait', () => {
  test('due or past due: now', () => {
    expect(chooseWait(0, 1)).toEqual({ kind: 'now' });
    expect(chooseWait(-5, 100)).toEqual({ kind: 'now' });
  });

  test('periods over 5 ms sleep whole milliseconds up to the deadline; a fraction left is waited precisely', () => {
    expect(chooseWait(9.2, 10)).toEqual({ kind: 'sleep', ms: 10 });
    expect(chooseWait(1, 10)).toEqual({ kind: 'sleep', ms: 1 });
    expect(chooseWait(0.4, 10)).toEqual({ kind: 'precise', ms: 0.4 });
  });

  test('periods up to 5 ms sleep to leadMs before the deadline, then wait precisely', () => {
    expect(chooseWait(5, precisePeriodMs)).toEqual({ kind: 'sleep', ms: 3 });
    expect(chooseWait(2.6, 5)).toEqual({ kind: 'sleep', ms: 1 });
    expect(chooseWait(2.4, 5)).toEqual({ kind: 'precise', ms: 2.4 });
    expect(chooseWait(leadMs, 1)).toEqual({ kind: 'precise', ms: leadMs });
  });

  test('periods under 1 ms block for the last part, never longer than what is left', () => {
    expect(chooseWait(0.2, 0.2)).toEqual({ kind: 'block', ms: 0.2 });
    expect(chooseWait(0.05, blockPeriodMs / 2)).toEqual({ kind: 'block', ms: 0.05 });
    expect(chooseWait(0.9, 1)).toEqual({ kind: 'precise', ms: 0.9 });
  });

  test('a long wait at a high rate (a start far ahead) sleeps first, whatever the period', () => {
    expect(chooseWait(80, 0.2)).toEqual({ kind: 'sleep', ms: 78 });
  });
});
