import { describe, expect, it } from '@jest/globals';
import { rejoinTick } from '../../model/rejoin-tick.js';

describe('rejoinTick', () => {
  it('is the first deadline at or after the instant the VM is back', () => {
    expect(rejoinTick(2400, 5)).toBe(12); // back at 2.4 s: tick 12 is due at 2.4 s exactly
    expect(rejoinTick(2401, 5)).toBe(13); // a hair later: tick 12 passed while it was down
    expect(rejoinTick(300, 1)).toBe(1); // back before its next deadline: tick 1, none skipped
  });

  it('never goes below tick 0 (an instant before the start)', () => {
    expect(rejoinTick(-5, 10)).toBe(0);
  });
});
