import { describe, expect, test } from '@jest/globals';
import { counted } from '../../shared/counted.js';

describe('counted', () => {
  test('singular for exactly one, plural otherwise, an irregular plural when given', () => {
    expect(counted(1, 'tick')).toBe('1 tick');
    expect(counted(0, 'tick')).toBe('0 ticks');
    expect(counted(2, 'malformed row')).toBe('2 malformed rows');
    expect(counted(1, 'copy', 'copies')).toBe('1 copy');
    expect(counted(3, 'copy', 'copies')).toBe('3 copies');
  });
});
