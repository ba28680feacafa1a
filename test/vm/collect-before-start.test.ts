import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { describe, expect, test } from '@jest/globals';
import { collectBeforeStart, phaseYoungGeneration } from '../../vm/collect-before-start.js';

describe('collectBeforeStart', () => {
  test('frees the garbage on the heap', () => {
    // A marking cycle already under way (earlier tests in this worker) would keep what is allocated meanwhile alive
    // through the collection that ends it: end any such cycle first.
    collectBeforeStart();
    // ~32 MB that nothing holds once dropped: only a collection gives it back.
    let junk: number[][] | undefined = Array.from({ length: 200 }, () => new Array<number>(20_000).fill(1.5));
    const made = junk.length;
    junk = undefined;
    const before = getHeapStatistics().used_heap_size;
    collectBeforeStart();
    const after = getHeapStatistics().used_heap_size;
    expect(made).toBe(200);
    expect(before - after).toBeGreaterThan(20 * 1024 * 1024);
  });
});

describe('phaseYoungGeneration', () => {
  const newSpace = () => {
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (space === undefined) throw new Error('no new_space in this V8');
    return { used: space.space_used_size, capacity: space.space_used_size + space.space_available_size };
  };

  test.each([0.25, 0.5, 1])('fills the emptied young generation to %p of 80% of it, no further', (share) => {
    collectBeforeStart();
    const allocated = phaseYoungGeneration(share);
    const { used, capacity } = newSpace();
    expect(allocated).toBeGreaterThan(0);
    expect(used / capacity).toBeGreaterThanOrEqual(0.8 * share);
    // One round of allocation past the target at most (64 arrays of 8 KB), and never a scavenge's worth.
    expect(used / capacity).toBeLessThan(0.8 * share + (64 * 8300) / capacity);
  });

  test('VM 0 (share 0) allocates nothing: its phase is the collection itself', () => {
    collectBeforeStart();
    expect(phaseYoungGeneration(0)).toBe(0);
  });
});
