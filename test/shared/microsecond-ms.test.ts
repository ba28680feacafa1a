import { expect, test } from '@jest/globals';
import { microsecondMs } from '../../shared/microsecond-ms.js';

test('float noise past the microsecond goes; a microsecond stays', () => {
  expect(microsecondMs(1100 + 2200.0000000000005)).toBe(3300);
  expect(microsecondMs(1100 / 3)).toBe(366.667);
  expect(microsecondMs(12.0015)).toBe(12.002);
  expect(microsecondMs(0)).toBe(0);
});
