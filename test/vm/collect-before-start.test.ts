import { describe, expect, test } from '@jest/globals';
import { collectBeforeStart } from '../../vm/collect-before-start.js';

describe('collectBeforeStart', () => {
  test('collects garbage without exposing gc on the VM global', async () => {
    // Garbage only a collection frees: a weakly held object nothing else keeps (a WeakRef holds its target until
    // the end of the job that made it, hence the turn of the event loop).
    const ref = new WeakRef({ payload: new Array(1000).fill(1) });
    await new Promise((resolve) => setImmediate(resolve));
    collectBeforeStart();
    expect(ref.deref()).toBeUndefined();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
