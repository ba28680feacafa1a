import { getHeapStatistics } from 'node:v8';
import { describe, expect, test } from '@jest/globals';
import { collectBeforeStart } from '../../vm/collect-before-start.js';

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
