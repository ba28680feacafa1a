import { describe, expect, test } from '@jest/globals';
import { lateWindows } from '../../bench/late-windows.js';

describe('lateWindows', () => {
  test('counts the 100 ms windows from 1 s on with a late tick of any process, each window once', () => {
    // 10 ms slots: 5 (50 ms, the start: not counted), 100 and 105 (window 10, twice), 107 in another process (window
    // 10 again), 250 (window 25), and 300 (3000 ms: the end of a 3 s run, out of it).
    const processes = [{ lateSlots: [5, 100, 105] }, { lateSlots: [107, 250] }, { lateSlots: [300] }];
    expect(lateWindows(processes, 3)).toEqual({ late: 2, windows: 20 });
  });

  test('a run of one second or less has no steady window', () => {
    expect(lateWindows([{ lateSlots: [10] }], 1)).toEqual({ late: 0, windows: 0 });
  });
});
