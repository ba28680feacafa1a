import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { planLanes } from '../../analysis/lane-plan.js';

const mb = 1024 * 1024;

describe('planLanes', () => {
  test("the bench's 3 VMs on 2 cores: the worker takes the biggest file, this thread the other two", () => {
    // vm-0 26 MB, vm-1 38 MB, vm-2 50 MB; a worker starts 8 MB late. Largest first would give 50 | 8 + 38 + 26.
    expect(planLanes([26 * mb, 38 * mb, 50 * mb], 2, 8 * mb)).toEqual([[1, 0], [2]]);
  });

  test('a file much bigger than the rest stays in this thread, which starts at once', () => {
    expect(planLanes([100 * mb, mb], 2, 8 * mb)).toEqual([[0], [1]]);
  });

  test('one lane, or no files', () => {
    expect(planLanes([3, 1, 2], 1, 8)).toEqual([[0, 2, 1]]);
    expect(planLanes([], 2, 8)).toEqual([[]]);
  });

  test('every file in exactly one lane, no more lanes than files, and never worse than one thread', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1000 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 4 }),
        (sizes, lanes) => {
          const plan = planLanes(sizes, lanes, 8);
          expect(plan.length).toBe(Math.max(1, Math.min(lanes, sizes.length)));
          expect(plan.flat().sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
          const finish = plan.map((files, lane) =>
            files.length === 0 ? 0 : (lane === 0 ? 0 : 8) + files.reduce((sum, i) => sum + (sizes[i] ?? 0), 0),
          );
          expect(Math.max(0, ...finish)).toBeLessThanOrEqual(sizes.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });
});
