import { describe, expect, test } from '@jest/globals';
import { describeStarts } from '../../bench/extra-starts.js';

describe('describeStarts', () => {
  test("every start's count beside its bare reference's", () => {
    expect(
      describeStarts([
        { kind: 'counted', clocklab: 17, bare: 0 },
        { kind: 'counted', clocklab: 0, bare: 1 },
      ]),
    ).toBe('2 more starts (2 s runs): 17, 0 | bare 0, 1');
  });

  test('a start that failed shows as failed, with its reason', () => {
    expect(
      describeStarts([
        { kind: 'counted', clocklab: 3, bare: 0 },
        { kind: 'failed', why: 'bare reference: no ready within 30000 ms' },
      ]),
    ).toBe('2 more starts (2 s runs): 3, failed | bare 0, failed; failed: bare reference: no ready within 30000 ms');
  });
});
