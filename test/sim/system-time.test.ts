import { expect, test } from '@jest/globals';
import { SystemTime } from '../../sim/system-time.js';

test('the same text as toISOString of the floored instant, across seconds, forwards and back', () => {
  const epochMs = Date.UTC(2000, 0, 1);
  const time = new SystemTime(epochMs);
  for (const elapsed of [0, 0.4, 999.99, 1000, 1250.7, 61_001.5, 3_600_000, 1250.7, 59.999, 86_400_000 + 7]) {
    expect([elapsed, time.at(elapsed)]).toEqual([elapsed, new Date(Math.floor(epochMs + elapsed)).toISOString()]);
  }
});
