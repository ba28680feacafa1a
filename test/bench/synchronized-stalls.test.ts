import { describe, expect, test } from '@jest/globals';
import { describeMoments, synchronizedStalls } from '../../bench/synchronized-stalls.js';

describe('synchronizedStalls', () => {
  test('a moment is a 10 ms slot where at least a quarter of the VMs ran a late tick', () => {
    // 8 VMs: slot 230 late in 2 of them (a quarter), slot 231 in 3, slot 500 in 1 (not a moment).
    const vms = [[230, 231], [230, 231], [231], [500], [], [], [], []].map((lateSlots) => ({ lateSlots }));
    expect(synchronizedStalls(vms)).toEqual({ count: 2, atMs: [2300, 2310] });
  });

  test('adjacent slots print as one run', () => {
    expect(describeMoments([2300, 2310, 2320, 3050])).toBe('2300-2320, 3050 ms');
    expect(describeMoments([10, 30, 50], 2)).toBe('10, 30, ... (3 in all) ms');
  });
});
