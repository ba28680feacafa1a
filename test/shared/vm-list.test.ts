import { describe, expect, test } from '@jest/globals';
import { vmList } from '../../shared/vm-list.js';

describe('vmList', () => {
  test('a long list of VMs names each one, runs of three or more as ranges', () => {
    expect(vmList([0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 12, 13, 14, 15])).toBe('VMs 0-7, 9 and 11-15');
    expect(vmList([3, 4])).toBe('VMs 3 and 4');
    expect(vmList([2, 3, 4])).toBe('VMs 2-4');
    expect(vmList([7])).toBe('VM 7');
  });
});
